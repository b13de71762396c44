package io.watchbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How much of the machine's CPU went to processes other than some given ones over a window: the
 * busy time of every core (/proc/stat) less what those processes used (/proc/PID/stat), as a share
 * of all the cores' time. A run whose window shows a large share shared the cores with other work.
 */
final class OtherCpu {

    /** USER_HZ, as in {@link ProcessCounters}. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final List<Long> pids;
    private final CoreTicks machineBefore;
    private final long pidsBefore;

    private OtherCpu(List<Long> pids) throws IOException {
        this.pids = pids;
        this.machineBefore = CoreTicks.read();
        this.pidsBefore = ProcessCounters.cpuNanos(pids);
    }

    /** Starts the window; pids are the processes whose CPU does not count (the server, the generator). */
    static OtherCpu start(List<Long> pids) throws IOException {
        return new OtherCpu(pids);
    }

    /** The others' share of all the cores' time since start, 0 to 1, rounded to hundredths. */
    double share() throws IOException {
        CoreTicks machine = CoreTicks.read().since(machineBefore);
        long pidsUsed = ProcessCounters.cpuNanos(pids) - pidsBefore;
        if (machine.total() == 0) {
            return 0;
        }
        double others = (machine.busy() * NANOS_PER_TICK - pidsUsed) / (double) (machine.total() * NANOS_PER_TICK);
        return Math.round(Math.max(0, Math.min(1, others)) * 100) / 100.0;
    }

    /**
     * Ticks of all cores so far: busy in processes (user, nice, system, and steal, time another guest
     * took from this machine) and in all. Interrupt and softirq time belongs to no process (the
     * servers' loopback traffic is most of it), so it counts neither for them nor for the others.
     */
    private record CoreTicks(long busy, long total) {

        static CoreTicks read() throws IOException {
            // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"; guest time is
            // already inside user and nice, so the total stops at steal.
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long notInProcesses = Long.parseLong(f[4]) + Long.parseLong(f[5]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
            return new CoreTicks(total - notInProcesses, total);
        }

        CoreTicks since(CoreTicks before) {
            return new CoreTicks(busy - before.busy, total - before.total);
        }
    }
}
