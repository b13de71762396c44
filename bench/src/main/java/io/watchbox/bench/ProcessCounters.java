package io.watchbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** The CPU time several processes (the replicas of a cluster) have used so far, added up. */
    static long cpuNanos(List<Long> pids) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            sum += cpuNanos(pid);
        }
        return sum;
    }
}
