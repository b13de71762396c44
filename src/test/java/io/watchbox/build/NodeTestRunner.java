package io.watchbox.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs the watchbox.js unit tests ({@code node --test <dir>}) for the build (exec-maven-plugin,
 * test phase), and fails it when one fails. A machine without node on its PATH skips them with a
 * warning instead: the rest of the build needs no node. Looking node up here rather than in a
 * shell script or a profile keeps it the same on Linux, macOS and Windows.
 */
public final class NodeTestRunner {

    private NodeTestRunner() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: NodeTestRunner <directory of *.test.mjs files>");
        }
        Optional<Path> node = ExecutableOnPath.find("node");
        if (node.isEmpty()) {
            // The build's own WARNING format, so that it stands out in the log and in CI summaries.
            System.out.println("[WARNING] node not found: the watchbox.js unit tests were skipped");
            return;
        }
        // spec: one line a test, readable in a build log (the default off a terminal is TAP).
        Process process = new ProcessBuilder(node.get().toString(), "--test", "--test-reporter=spec", args[0])
                .inheritIO().start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the watchbox.js unit tests failed (node --test " + args[0] + " exited with "
                    + exit + ")");
        }
    }
}
