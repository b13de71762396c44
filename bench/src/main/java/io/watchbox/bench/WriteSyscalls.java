package io.watchbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Counts the socket write calls a server process makes over a measured window: write, writev,
 * sendto and sendmsg, through perf's syscall tracepoints. Java's NIO writes with write/writev,
 * Mosquitto with send (sendto), so /proc/PID/io, which counts only the first family, cannot
 * compare them. Needs perf and permission to trace the process (root); empty otherwise.
 */
final class WriteSyscalls {

    private static final String EVENTS = "syscalls:sys_enter_write,syscalls:sys_enter_writev,"
            + "syscalls:sys_enter_sendto,syscalls:sys_enter_sendmsg";

    private final Process perf;
    private final Path output;

    private WriteSyscalls(Process perf, Path output) {
        this.perf = perf;
        this.output = output;
    }

    /** Starts counting for the processes (added up); null when perf cannot be started. */
    static WriteSyscalls start(List<Long> pids) {
        try {
            Path output = Files.createTempFile("bench-perf", ".csv");
            Process perf = new ProcessBuilder("perf", "stat", "-x,", "-o", output.toString(), "-e", EVENTS,
                    "-p", pids.stream().map(String::valueOf).collect(Collectors.joining(","))).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new WriteSyscalls(perf, output);
        } catch (IOException e) {
            System.err.println("no write syscall counts (perf): " + e.getMessage());
            return null;
        }
    }

    /** Stops counting (perf prints its counts on SIGINT) and returns the calls counted. */
    OptionalLong stop() {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
            if (!perf.waitFor(10, TimeUnit.SECONDS)) {
                perf.destroyForcibly();
                return OptionalLong.empty();
            }
            long calls = 0;
            boolean counted = false;
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                String[] fields = line.split(",");
                if (fields.length > 2 && fields[2].startsWith("syscalls:") && fields[0].matches("\\d+")) {
                    calls += Long.parseLong(fields[0]);
                    counted = true;
                }
            }
            return counted ? OptionalLong.of(calls) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
    }
}
