package io.watchbox.client.cli;

import com.nimbusds.jose.JOSEException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code watchbox-cli token}: prints a development token, alone on stdout, so that {@code TOKEN=$(...)} captures it. */
@Command(name = "token", sortOptions = false, header = "Print a signed token for development.",
        description = {"Prints a signed token (an RS256 JWT) alone on stdout.",
            "FOR DEVELOPMENT ONLY: whoever holds the key can sign in as anyone."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the token is printed", "1:the key cannot be read", "2:bad arguments"})
final class TokenCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @Option(names = "--user", paramLabel = "NAME", required = true, description = "the user (claims upn and sub)")
    String user;

    @Option(names = "--roles", paramLabel = "R1,R2", description = "the roles (claim groups; default none)")
    String roles = "";

    @Option(names = "--expires", paramLabel = "DURATION", converter = Lifetime.class,
            description = "how long the token is valid: 30s, 15m, 1h, 7d (default 1h)")
    Duration lifetime = TokenRequest.DEFAULT_LIFETIME;

    @Option(names = "--key", paramLabel = "FILE",
            description = "the signing key: a PKCS12 key store with one key, or a PKCS#8 PEM private key "
                + "(default ${DEFAULT-VALUE}, the key pair ./mvnw package makes, which the bundled server "
                + "trusts; run from the repository root)")
    Path key = TokenRequest.DEV_KEY;

    @Option(names = "--key-password", paramLabel = "PASS",
            description = "the key store's password (default ${DEFAULT-VALUE}, the build's)")
    String keyPassword = TokenRequest.DEV_KEY_PASSWORD;

    @Option(names = "--issuer", paramLabel = "ISSUER", description = "claim iss (default ${DEFAULT-VALUE})")
    String issuer = TokenRequest.DEV_ISSUER;

    @Option(names = "--audience", paramLabel = "AUDIENCE", description = "claim aud (default ${DEFAULT-VALUE})")
    String audience = TokenRequest.DEV_AUDIENCE;

    TokenCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** What to sign, as the options say. @throws ParameterException for an empty user, issuer or audience */
    TokenRequest request() {
        List<String> roleList = Stream.of(roles.split(",")).map(String::strip).filter(role -> !role.isEmpty())
                .distinct().toList();
        return new TokenRequest(nonEmpty("--user", user), roleList, lifetime, key, keyPassword,
                nonEmpty("--issuer", issuer), nonEmpty("--audience", audience));
    }

    @Override
    public Integer call() throws CommandFailure {
        TokenRequest request = request();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String token;
        try {
            token = new TokenMinter(Clock.fixed(now, ZoneOffset.UTC)).mint(request,
                    PrivateKeyFile.read(request.key(), request.keyPassword().toCharArray()));
        } catch (NoSuchFileException e) {
            throw new CommandFailure("no key at " + request.key() + (request.key().equals(TokenRequest.DEV_KEY)
                    ? ": run ./mvnw package at the repository root first (it makes the development key pair),"
                    + " then run this from there; or give --key FILE"
                    : ""));
        } catch (IOException | GeneralSecurityException | JOSEException e) {
            throw new CommandFailure("cannot sign with " + request.key() + ": " + e.getMessage());
        }
        terminal.out().println(token);
        terminal.err().println("token for " + request.user() + " (roles " + request.roles() + "), issuer "
                + request.issuer() + ", audience " + request.audience() + ", valid until "
                + now.plus(request.lifetime()) + "; for development only");
        return Main.OK;
    }

    private String nonEmpty(String option, String value) {
        if (value.isBlank()) {
            throw new ParameterException(spec.commandLine(), option + " must not be empty");
        }
        return value;
    }

    /** A number and a unit: 30s, 15m, 1h, 7d. */
    static final class Lifetime implements ITypeConverter<Duration> {
        private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,5})([smhd])");

        @Override
        public Duration convert(String text) {
            Matcher matcher = FORMAT.matcher(text);
            if (!matcher.matches()) {
                throw new TypeConversionException("must be a number and a unit s, m, h or d, e.g. 30m or 1h: " + text);
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
    }
}
