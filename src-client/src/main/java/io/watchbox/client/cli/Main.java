package io.watchbox.client.cli;

import io.watchbox.client.WatchboxClient;
import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code java -jar watchbox-cli.jar sub|pub|token ...}: see {@code watchbox-cli --help}. */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** pub: the server took every message, but did not relay one to the other replicas of its cluster. */
    static final int NOT_RELAYED = 3;
    /** mosquitto_sub's status when -W runs out (libmosquitto's MOSQ_ERR_TIMEOUT). */
    static final int TIMED_OUT = 27;

    private final Terminal terminal;
    private final UnaryOperator<WatchboxClient.Builder> clients;

    Main(Terminal terminal) {
        this(terminal, UnaryOperator.identity());
    }

    /** @param clients finishes the client builders of pub (tests give it a server of their own) */
    Main(Terminal terminal, UnaryOperator<WatchboxClient.Builder> clients) {
        this.terminal = terminal;
        this.clients = clients;
    }

    public static void main(String[] args) {
        System.exit(new Main(Terminal.system()).run(args));
    }

    int run(String... args) {
        return commandLine(terminal, clients).execute(args);
    }

    /** The commands, reading and writing the terminal. */
    static CommandLine commandLine(Terminal terminal) {
        return commandLine(terminal, UnaryOperator.identity());
    }

    private static CommandLine commandLine(Terminal terminal, UnaryOperator<WatchboxClient.Builder> clients) {
        CommandLine commandLine = new CommandLine(new WatchboxCli())
                .addSubcommand(new SubCommand(terminal))
                .addSubcommand(new PubCommand(terminal, clients))
                .addSubcommand(new TokenCommand(terminal));
        // A message may start with @; it is not a file of arguments.
        commandLine.setExpandAtFiles(false);
        commandLine.setOut(terminal.out());
        commandLine.setErr(terminal.err());
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionExceptionHandler(Main::failure);
        return commandLine;
    }

    /** Bad arguments: what is wrong and the synopsis on stderr, status 2. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        err.println(name + ": " + (isUnknownCommand(e) ? "unknown command '" + ((UnmatchedArgumentException) e)
                .getUnmatched().get(0) + "' (expected sub, pub or token)" : e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.print(command.getHelp().fullSynopsis());
        err.println("Try '" + name + " --help' for more.");
        return USAGE;
    }

    private static boolean isUnknownCommand(ParameterException e) {
        return e instanceof UnmatchedArgumentException unmatched && e.getCommandLine().getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-");
    }

    /** A command that failed: its reason on stderr, status 1. */
    private static int failure(Exception e, CommandLine command, ParseResult parsed) {
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + (e instanceof CommandFailure ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + CommandFailure.describe(e)));
        return FAILED;
    }
}
