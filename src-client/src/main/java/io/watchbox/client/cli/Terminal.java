package io.watchbox.client.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;

/**
 * Where the commands write and read: standard output (messages, tokens, help), standard error
 * (diagnostics, usage errors), standard input ({@code pub -l}), and the environment
 * ({@code WATCHBOX_TOKEN}). Tests give their own.
 */
record Terminal(PrintWriter out, PrintWriter err, BufferedReader in, Map<String, String> environment) {

    /** The process's own streams, in the platform's charset both ways, flushed at each line. */
    static Terminal system() {
        Charset charset = Charset.defaultCharset();
        return new Terminal(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                new BufferedReader(new InputStreamReader(System.in, charset)), System.getenv());
    }
}
