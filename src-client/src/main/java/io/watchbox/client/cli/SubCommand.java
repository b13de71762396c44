package io.watchbox.client.cli;

import io.watchbox.client.ConnectionListener;
import io.watchbox.client.WatchboxClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code watchbox-cli sub}: prints the messages of groups, in the manner of {@code mosquitto_sub}. */
@Command(name = "sub", sortOptions = false, header = "Print the messages of groups.",
        description = "Prints every message of the groups on a line of its own (flushed), diagnostics on "
            + "stderr, and reconnects until it is killed, the server ends the session for good, -C messages "
            + "have been printed or -W seconds have passed.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:-C messages were printed",
            " 1:the server ended the session for good (replaced, kicked, forbidden) or refused a "
                + "subscription; a file cannot be read",
            " 2:bad arguments",
            "27:-W seconds passed first (as with mosquitto_sub), even if some messages were printed"})
final class SubCommand implements Callable<Integer> {
    /** Disconnect reasons after which the client does not reconnect, by contract. */
    private static final Set<String> FINAL_REASONS = Set.of("replaced", "kicked", "forbidden", "protocol-error");

    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = {"-v", "--verbose"}, order = 1,
            description = "print the group, a space, then the message (as mosquitto_sub -v)")
    boolean verbose;

    int count;

    int seconds;

    @Parameters(paramLabel = "GROUP", arity = "1..*",
            description = "a group, or a filter with MQTT wildcards: + for one level, # for the rest")
    List<String> groups;

    SubCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Option(names = "-C", paramLabel = "COUNT", order = 2,
            description = "exit with status 0 once COUNT messages have been printed")
    void count(int count) {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "-C needs a count of at least 1, not " + count);
        }
        this.count = count;
    }

    @Option(names = "-W", paramLabel = "SECONDS", order = 3,
            description = "exit with status 27 after SECONDS, counted from the start (connecting too), "
                + "unless -C was met first")
    void seconds(int seconds) {
        if (seconds < 1) {
            throw new ParameterException(spec.commandLine(), "-W needs at least 1 second, not " + seconds);
        }
        this.seconds = seconds;
    }

    @Override
    public Integer call() throws CommandFailure {
        if (groups.contains("")) {
            throw new ParameterException(spec.commandLine(), "GROUP must not be empty");
        }
        WatchboxClient.Builder builder = connection.builder(terminal.environment());
        PrintWriter err = terminal.err();
        CompletableFuture<Integer> finished = new CompletableFuture<>();
        if (seconds > 0) {
            finished.completeOnTimeout(Main.TIMED_OUT, seconds, TimeUnit.SECONDS);
        }
        MessagePrinter printer = new MessagePrinter(terminal.out(), verbose, count, finished);
        WatchboxClient client = builder.listener(new Diagnostics(err, finished)).build();
        // Killed (Ctrl-C, SIGTERM): say bye, so that the server ends the session at once.
        Thread bye = new Thread(client::close, "watchbox-cli-bye");
        Runtime.getRuntime().addShutdownHook(bye);
        try {
            for (String group : groups) {
                client.subscribe(group, printer).whenComplete((ok, error) -> {
                    if (error != null && !finished.isDone()) {   // not the refusals of the close below
                        err.println(spec.qualifiedName() + ": cannot subscribe to " + group + ": "
                                + CommandFailure.describe(error));
                        finished.complete(Main.FAILED);
                    }
                });
            }
            err.println("connecting to " + connection.url + " ...");
            client.connect().thenRun(() -> err.println("connected as " + client.uid()));
            int status = finished.join();
            if (status == Main.TIMED_OUT) {
                err.println(spec.qualifiedName() + ": timed out after " + seconds + " s (-W)");
            }
            return status;
        } finally {
            client.close();
            try {
                Runtime.getRuntime().removeShutdownHook(bye);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it closes the client again, which does nothing.
            }
        }
    }

    /** Connection events as diagnostics on stderr; a final disconnect ends sub with status 1. */
    private final class Diagnostics implements ConnectionListener {
        private final PrintWriter err;
        private final CompletableFuture<Integer> finished;

        Diagnostics(PrintWriter err, CompletableFuture<Integer> finished) {
            this.err = err;
            this.finished = finished;
        }

        @Override
        public void onDisconnect(String reason) {
            err.println("disconnected: " + reason);
            if (FINAL_REASONS.contains(reason)) {
                err.println(spec.qualifiedName() + ": the server ended the session (" + reason + "), not reconnecting");
                finished.complete(Main.FAILED);
            } else if (!finished.isDone()) {
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
