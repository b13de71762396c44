package io.watchbox.client.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine.ParseResult;

/** A terminal for tests: given standard input and environment, captured standard output and error. */
final class Console {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Terminal terminal;

    Console() {
        this("", Map.of());
    }

    Console(String stdin, Map<String, String> environment) {
        terminal = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader(stdin)), environment);
    }

    /** Runs the command line as {@code main} would, and returns its exit status. */
    int run(String... args) {
        return new Main(terminal).run(args);
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
