package io.watchbox.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Heap after a full GC (via jcmd, JVMs only) and resident set size of a server process. */
record ProcessMemory(long heapKib, long rssKib) {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    static ProcessMemory measure(long pid, boolean jvm) throws Exception {
        long heap = -1;
        if (jvm) {
            // One jcmd for the three commands: each jcmd is a JVM of its own to start.
            Path commands = Files.createTempFile("watchbox-bench-jcmd", ".txt");
            try {
                Files.writeString(commands, "GC.run\nGC.run\nGC.heap_info\n");
                Matcher m = USED.matcher(run("jcmd", Long.toString(pid), "-f", commands.toString()));
                if (m.find()) {
                    heap = Long.parseLong(m.group(1));
                }
            } finally {
                Files.deleteIfExists(commands);
            }
        }
        long rss = -1;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return new ProcessMemory(heap, rss);
    }

    /** KiB per client, two decimals; "n/a" without clients or when the difference came out negative. */
    static String perClient(long kib, int clients) {
        return clients == 0 || kib < 0 ? "n/a" : String.format("%.2f", (double) kib / clients);
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return output;
    }
}
