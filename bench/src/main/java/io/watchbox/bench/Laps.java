package io.watchbox.bench;

import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Where one run's wall time went, lap by lap, for the generator's log ("connect 412 ms, timed 3001
 * ms, drain 4 ms, close 38 ms"): bench/run's timing lines say how long its runs took beyond their
 * timed windows, and these lines say where.
 */
final class Laps {

    private final LongSupplier nanoTime;
    private final StringJoiner laps = new StringJoiner(", ");
    private long mark;

    Laps(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.mark = nanoTime.getAsLong();
    }

    static Laps start() {
        return new Laps(System::nanoTime);
    }

    /** Ends the lap that began at the last one (or at the start) under this name. */
    void lap(String name) {
        long now = nanoTime.getAsLong();
        add(name, TimeUnit.NANOSECONDS.toMillis(now - mark));
        mark = now;
    }

    /** A lap timed elsewhere (the JVM's start, before this process could time anything). */
    void add(String name, long millis) {
        laps.add(name + " " + millis + " ms");
    }

    @Override
    public String toString() {
        return laps.toString();
    }
}
