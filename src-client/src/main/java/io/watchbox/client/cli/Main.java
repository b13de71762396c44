package io.watchbox.client.cli;

import com.nimbusds.jose.JOSEException;
import io.watchbox.client.ConnectionListener;
import io.watchbox.client.WatchboxClient;
import io.watchbox.client.WatchboxErrorException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code java -jar watchbox-cli.jar sub|pub|token ...}: see {@link CliArguments#USAGE}. */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final long REPLY_TIMEOUT_SECONDS = 15;
    /** Disconnect reasons after which the client does not reconnect by contract. */
    private static final Set<String> FINAL_REASONS = Set.of("replaced", "kicked", "forbidden", "protocol-error");

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err).run(args));
    }

    int run(String... args) {
        CliArguments arguments;
        try {
            arguments = CliArguments.parse(args);
        } catch (CliArguments.UsageException e) {
            err.println("watchbox-cli: " + e.getMessage());
            err.println(CliArguments.USAGE);
            return USAGE;
        }
        return switch (arguments.command()) {
            case HELP -> {
                out.println(CliArguments.USAGE);
                yield OK;
            }
            case PUB, SUB -> connect(arguments);
            case TOKEN -> mint(arguments.tokenRequest());
        };
    }

    /** Prints the signed token alone on stdout, so that it can be captured: {@code TOKEN=$(watchbox-cli token ...)}. */
    private int mint(TokenRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String token;
        try {
            token = new TokenMinter(Clock.fixed(now, ZoneOffset.UTC)).mint(request,
                    PrivateKeyFile.read(request.key(), request.keyPassword().toCharArray()));
        } catch (NoSuchFileException e) {
            err.println("watchbox-cli token: no key at " + request.key() + (request.key().equals(TokenRequest.DEV_KEY)
                    ? ": run ./mvnw package at the repository root first (it makes the development key pair),"
                    + " then run this from there; or give --key FILE"
                    : ""));
            return FAILED;
        } catch (IOException | GeneralSecurityException | JOSEException e) {
            err.println("watchbox-cli token: cannot sign with " + request.key() + ": " + e.getMessage());
            return FAILED;
        }
        out.println(token);
        err.println("token for " + request.user() + " (roles " + request.roles() + "), issuer " + request.issuer()
                + ", audience " + request.audience() + ", valid until " + now.plus(request.lifetime())
                + "; for development only");
        return OK;
    }

    /** Runs sub or pub with a client that trusts what the options say (exit 1 if that cannot be read). */
    private int connect(CliArguments arguments) {
        String name = arguments.command().name().toLowerCase(Locale.ROOT);
        WatchboxClient.Builder builder = WatchboxClient.builder(arguments.url()).token(arguments.token());
        try {
            arguments.trust().sslContext().ifPresent(builder::sslContext);
        } catch (IOException | GeneralSecurityException e) {
            err.println("watchbox-cli " + name + ": cannot use " + arguments.trust().source() + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
            return FAILED;
        }
        return arguments.command() == CliArguments.Command.PUB ? publish(arguments, builder) : subscribe(arguments, builder);
    }

    private int publish(CliArguments arguments, WatchboxClient.Builder builder) {
        String group = arguments.groups().get(0);
        WatchboxClient client = builder
                .autoReconnect(false)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
        try {
            client.connect().toCompletableFuture().get(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            int delivered = client.publish(arguments.message(), group).toCompletableFuture()
                    .get(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            err.println("published to " + group + ", delivered to " + delivered + " session(s)");
            return OK;
        } catch (ExecutionException e) {
            err.println("watchbox-cli pub: " + describe(e.getCause()));
            return FAILED;
        } catch (TimeoutException e) {
            err.println("watchbox-cli pub: no answer from " + arguments.url() + " within "
                    + REPLY_TIMEOUT_SECONDS + " s");
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } finally {
            client.close();
        }
    }

    /** Runs until killed, or until the server ends the session for good. */
    private int subscribe(CliArguments arguments, WatchboxClient.Builder builder) {
        CompletableFuture<Integer> finished = new CompletableFuture<>();
        WatchboxClient client = builder
                .listener(new Diagnostics(finished))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(client::close, "watchbox-cli-bye"));
        for (String group : arguments.groups()) {
            client.subscribe(group, message -> {
                out.println(message.text());
                out.flush();
            }).whenComplete((ok, error) -> {
                if (error != null) {
                    err.println("watchbox-cli sub: cannot subscribe to " + group + ": " + describe(error));
                    finished.complete(FAILED);
                }
            });
        }
        err.println("connecting to " + arguments.url() + " ...");
        client.connect().thenRun(() -> err.println("connected as " + client.uid()));
        int status = finished.join();
        client.close();
        return status;
    }

    private static String describe(Throwable error) {
        if (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        if (error instanceof WatchboxErrorException refused) {
            return "the server refused: " + refused.getCode() + ": " + refused.getReason();
        }
        return error.getMessage() == null ? error.toString() : error.getMessage();
    }

    /** Connection events as diagnostics on stderr. */
    private final class Diagnostics implements ConnectionListener {
        private final CompletableFuture<Integer> finished;

        Diagnostics(CompletableFuture<Integer> finished) {
            this.finished = finished;
        }

        @Override
        public void onDisconnect(String reason) {
            err.println("disconnected: " + reason);
            if (FINAL_REASONS.contains(reason)) {
                err.println("watchbox-cli sub: the server ended the session (" + reason + "), not reconnecting");
                finished.complete(FAILED);
            } else {
                err.println("reconnecting ...");
            }
        }

        @Override
        public void onReconnect(boolean resumed) {
            err.println(resumed ? "reconnected, session resumed" : "reconnected, new session");
        }

        @Override
        public void onSkipped(long count) {
            err.println("skipped " + count + " message(s)");
        }
    }
}
