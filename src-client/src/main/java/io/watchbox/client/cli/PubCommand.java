package io.watchbox.client.cli;

import io.watchbox.client.PublishResult;
import io.watchbox.client.WatchboxClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
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
            "2:bad arguments",
            "3:the server took every message, but did not relay one to the other replicas of its cluster: "
                + "it could not reach Redis for longer than its outage bounds, so only the subscribers on "
                + "its own replica got it (a warning on standard error names it; publishing it again would "
                + "give those a copy)"})
final class PubCommand implements Callable<Integer> {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(15);
    /** How many publishes of -l may wait for their answer at once. */
    static final int WINDOW = 64;
    private static final String NOT_RELAYED = "not relayed to the other replicas: the server could not reach "
            + "them (Redis out of reach), so only the subscribers on its own replica got it";

    private final Terminal terminal;
    private final UnaryOperator<WatchboxClient.Builder> clients;

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

    PubCommand(Terminal terminal, UnaryOperator<WatchboxClient.Builder> clients) {
        this.terminal = terminal;
        this.clients = clients;
    }

    @Override
    public Integer call() throws CommandFailure, IOException {
        validate();
        WatchboxClient client = clients.apply(connection.builder(terminal.environment())
                .autoReconnect(false)
                .connectTimeout(CONNECT_TIMEOUT))
                .build();
        try {
            client.connect().toCompletableFuture().get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return lines ? publishLines(client) : publishMessage(client);
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

    private int publishMessage(WatchboxClient client) throws InterruptedException, ExecutionException, TimeoutException {
        PublishResult result = client.publishForResult(message, group).toCompletableFuture()
                .get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        terminal.err().println("published to " + group + ", delivered to " + result.delivered() + " session(s)");
        if (!result.relayed()) {
            warn(NOT_RELAYED);
            return Main.NOT_RELAYED;
        }
        return Main.OK;
    }

    private int publishLines(WatchboxClient client) throws IOException, InterruptedException, CommandFailure {
        LinePublisher.Outcome outcome = new LinePublisher(text -> client.publishForResult(text, group), WINDOW,
                REPLY_TIMEOUT, line -> warn("line " + line + " " + NOT_RELAYED)).publishAll(terminal.in());
        terminal.err().println("published " + outcome.published() + " message(s) to " + group
                + (outcome.notRelayed() == 0 ? "" : ", " + outcome.notRelayed() + " of them not relayed to the other replicas"));
        return outcome.notRelayed() == 0 ? Main.OK : Main.NOT_RELAYED;
    }

    private void warn(String warning) {
        terminal.err().println(spec.qualifiedName() + ": warning: " + warning);
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
