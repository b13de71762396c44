package io.watchbox.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SteadyClockTest {

    private final MutableClock wall = new MutableClock();
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final SteadyClock clock = new SteadyClock(wall, nanos::get);

    private void pass(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        wall.advance(duration);
    }

    @Test
    void startsAtWallTimeAndKeepsPaceWithIt() {
        long start = wall.millis();
        assertEquals(start, clock.millis());

        pass(Duration.ofMillis(1_500));

        assertEquals(start + 1_500, clock.millis());
        assertEquals(Instant.ofEpochMilli(start + 1_500), clock.instant());
    }

    @Test
    void aWallClockSteppedForwardDoesNotMakeEveryDeadlineFallDueAtOnce() {
        long start = clock.millis();

        wall.advance(Duration.ofSeconds(13)); // stepped, while the monotonic clock moved 1 s
        pass(Duration.ofSeconds(1));

        assertEquals(start + 1_100, clock.millis(), "one second, and a tenth of it to catch up");
    }

    @Test
    void aStepIsCaughtUpWithAtATenthOfTheTimeThatPasses() {
        long start = clock.millis();
        wall.advance(Duration.ofSeconds(13));

        for (int i = 0; i < 130; i++) {
            pass(Duration.ofSeconds(1));
        }

        assertEquals(wall.millis(), clock.millis());
        assertEquals(start + 143_000, clock.millis());
    }

    @Test
    void aWallClockSteppedBackIsNeverFollowedBackwards() {
        pass(Duration.ofSeconds(1));
        long before = clock.millis();

        wall.advance(Duration.ofSeconds(-30));
        pass(Duration.ofMillis(100));

        long after = clock.millis();
        assertTrue(after >= before, after + " < " + before);
        assertEquals(before + 90, after, "slower by a tenth until the wall clock is caught up with");
    }

    @Test
    void aMonotonicClockThatStandsStillStopsTime() {
        long start = clock.millis();

        wall.advance(Duration.ofSeconds(5)); // a paused machine's wall clock corrected on resume

        assertEquals(start, clock.millis());
    }
}
