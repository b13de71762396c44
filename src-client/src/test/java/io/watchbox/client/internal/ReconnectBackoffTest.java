package io.watchbox.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(30);

    private static List<Long> delays(ReconnectBackoff backoff, int count) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            millis.add(backoff.nextDelay().toMillis());
        }
        return millis;
    }

    @Test
    void theTopOfTheRangeDoublesUntilTheCap() {
        ReconnectBackoff backoff = new ReconnectBackoff(INITIAL, MAX, () -> 0.9999999999);

        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L, 30000L),
                delays(backoff, 11));
    }

    @Test
    void theBottomOfTheRangeIsTheInitialDelay() {
        ReconnectBackoff backoff = new ReconnectBackoff(INITIAL, MAX, () -> 0.0);

        assertEquals(List.of(100L, 100L, 100L, 100L), delays(backoff, 4));
    }

    @Test
    void randomDelaysStayWithinTheirAttemptsRangeAndSpreadOverIt() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            ReconnectBackoff backoff = new ReconnectBackoff(INITIAL, MAX, random::nextDouble);
            for (int attempt = 0; attempt < 20; attempt++) {
                long delay = backoff.nextDelay().toMillis();
                long cap = Math.min(30_000, 100L << Math.min(attempt, 20));
                assertTrue(delay >= 100 && delay <= cap, "attempt " + attempt + ": " + delay + " not in [100, " + cap + "]");
            }
        }
        ReconnectBackoff late = new ReconnectBackoff(INITIAL, MAX, random::nextDouble);
        delays(late, 12);
        List<Long> capped = delays(late, 500);
        assertTrue(capped.stream().anyMatch(d -> d < 10_000), "jitter reaches low values");
        assertTrue(capped.stream().anyMatch(d -> d > 20_000), "jitter reaches high values");
    }

    @Test
    void resetStartsOverFromTheFirstRange() {
        ReconnectBackoff backoff = new ReconnectBackoff(INITIAL, MAX, () -> 0.9999999999);
        delays(backoff, 5);

        backoff.reset();

        assertEquals(List.of(100L, 200L), delays(backoff, 2));
    }

    @Test
    void manyAttemptsNeverOverflow() {
        ReconnectBackoff backoff = new ReconnectBackoff(INITIAL, MAX, () -> 0.9999999999);

        List<Long> all = delays(backoff, 1_000);

        assertEquals(30_000L, all.get(all.size() - 1));
    }

    @Test
    void aMaximumBelowTheInitialDelayIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0));
    }
}
