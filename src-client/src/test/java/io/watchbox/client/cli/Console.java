package io.watchbox.client.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import io.watchbox.client.WatchboxClient;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.ParseResult;

/** A terminal for tests: given standard input and environment, captured standard output and error. */
final class Console {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Terminal terminal;
    private final UnaryOperator<WatchboxClient.Builder> clients;

    Console() {
        this("", Map.of());
    }

    Console(String stdin, Map<String, String> environment) {
        this(stdin, environment, UnaryOperator.identity());
    }

    /** A terminal whose commands' clients {@code clients} finishes (to give them a server of the test's). */
    Console(String stdin, Map<String, String> environment, UnaryOperator<WatchboxClient.Builder> clients) {
        terminal = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader(stdin)), environment);
        this.clients = clients;
    }

    /** Runs the command line as {@code main} would, and returns its exit status. */
    int run(String... args) {
        return new Main(terminal, clients).run(args);
    }

    /** Parses without running, and returns the command that would run. */
    <T> T parse(Class<T> command, String... args) {
        ParseResult parsed = Main.commandLine(terminal).parseArgs(args);
        return command.cast(parsed.subcommand().commandSpec().userObject());
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
