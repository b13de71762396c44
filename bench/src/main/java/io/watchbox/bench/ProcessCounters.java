package io.watchbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** What a process has used so far, read from /proc before and after a measured window. */
final class ProcessCounters {

    /** USER_HZ, 100 on every Linux this runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcessCounters() {
    }

    /** CPU time (user + system) a process has used so far, from /proc/PID/stat. */
    static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    /**
     * The write(2)-family calls (write, writev, pwrite...) the process has made so far, on sockets
     * and files alike: {@code syscw} of /proc/PID/io. send(2), sendto(2) and sendmsg(2) are not
     * counted there. Empty when the file cannot be read (another user's process, no such field).
     */
    static OptionalLong writeSyscalls(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                if (line.startsWith("syscw:")) {
                    return OptionalLong.of(Long.parseLong(line.substring("syscw:".length()).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("no write syscalls for pid " + pid + ": " + e);
        }
        return OptionalLong.empty();
    }
}
