package io.watchbox.client.cli;

import io.watchbox.client.WatchboxClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code watchbox-cli pub}: publishes a message, or each line of stdin, in the manner of {@code mosquitto_pub}. */
@Command(name = "pub", sortOptions = false, header = "Publish a message, or each line of standard input.",
        description = "Publishes MESSAGE to GROUP, or with -l each line of standard input as a message of its "
            + "own, and exits once the server has taken them all. It does not reconnect: a lost connection "
            + "ends it.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the server took every message",
            "1:the server cannot be reached, refused a message or did not answer within 15 s; a file "
                + "cannot be read",
            "2:bad arguments"})
final class PubCommand implements Callable<Integer> {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(15);
    /** How many publishes of -l may wait for their answer at once. */
    static final int WINDOW = 64;

    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = {"-l", "--stdin-line"}, order = 1,
            description = "publish each line of standard input as a message of its own, in order, until "
                + "the input ends; empty lines are not sent (as with mosquitto_pub -l)")
    boolean lines;

    @Parameters(index = "0", paramLabel = "GROUP", description = "the group to publish to")
    String group;

    @Parameters(index = "1", arity = "0..1", paramLabel = "MESSAGE",
            description = "the message (quote one that has spaces); none with -l")
    String message;

    @Parameters(index = "2..*", hidden = true)
    List<String> extra = new ArrayList<>();

    PubCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws CommandFailure, IOException {
        validate();
        WatchboxClient client = connection.builder(terminal.environment())
                .autoReconnect(false)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
        try {
            client.connect().toCompletableFuture().get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (lines) {
                long published = new LinePublisher(text -> client.publish(text, group), WINDOW, REPLY_TIMEOUT)
                        .publishAll(terminal.in());
                terminal.err().println("published " + published + " message(s) to " + group);
            } else {
                int delivered = client.publish(message, group).toCompletableFuture()
                        .get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                terminal.err().println("published to " + group + ", delivered to " + delivered + " session(s)");
            }
            return Main.OK;
        } catch (ExecutionException e) {
            throw new CommandFailure(CommandFailure.describe(e));
        } catch (TimeoutException e) {
            throw new CommandFailure("no answer from " + connection.url + " within " + REPLY_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        } finally {
            client.close();
        }
    }

    private void validate() {
        if (group.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "GROUP must not be empty");
        }
        if (lines && message != null) {
            throw new ParameterException(spec.commandLine(),
                    "with -l the messages come from standard input, not from MESSAGE '" + message + "'");
        }
        if (!lines && message == null) {
            throw new ParameterException(spec.commandLine(), "MESSAGE is missing (or give -l to publish the lines of standard input)");
        }
        if (!extra.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "pub takes one MESSAGE, got " + (1 + extra.size())
                    + "; quote a message that has spaces");
        }
    }
}
