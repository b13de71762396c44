package io.watchbox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LapsTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(100));

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void eachLapRunsFromTheEndOfThePreviousOne() {
        Laps laps = new Laps(now::get);
        advanceMillis(412);
        laps.lap("connect");
        advanceMillis(3001);
        laps.lap("timed");
        laps.lap("drain");

        assertEquals("connect 412 ms, timed 3001 ms, drain 0 ms", laps.toString());
    }

    @Test
    void aLapTimedElsewhereTakesItsPlaceInTheOrderGiven() {
        Laps laps = new Laps(now::get);
        laps.add("JVM start", 850);
        advanceMillis(20);
        laps.lap("workload");

        assertEquals("JVM start 850 ms, workload 20 ms", laps.toString());
    }
}
