package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.Stats;
import io.watchbox.StatsSample;
import io.watchbox.internal.values.StatsRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final StatsHistory history = new StatsHistory(3);

    @Test
    void theFirstRecordIsOnlyTheBaseline() {
        history.record(T0, totals(100, 200, 3, 50));

        assertTrue(history.samples().isEmpty());
    }

    @Test
    void ratesAreTheGrowthPerSecondOfTimeThatPassed() {
        history.record(T0, totals(100, 200, 3, 50));
        history.record(T0.plusMillis(500), new StatsRecord(4, 3, 150, 400, 4, 1234, 5, 7, 0, 90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

        StatsSample sample = history.samples().get(0);
        assertEquals(T0.plusMillis(500), sample.time());
        assertEquals(100.0, sample.publishedPerSecond());
        assertEquals(400.0, sample.deliveredPerSecond());
        assertEquals(2.0, sample.droppedPerSecond());
        assertEquals(80.0, sample.framesPerSecond());
        assertEquals(4, sample.sessions());
        assertEquals(3, sample.connected());
        assertEquals(1234, sample.queuedBytes());
        assertEquals(7, sample.eventBacklog());
    }

    @Test
    void aRecordWithoutTimePassingIsIgnored() {
        history.record(T0, totals(0, 0, 0, 0));
        history.record(T0, totals(10, 10, 0, 10));
        history.record(T0.plusSeconds(1), totals(20, 20, 0, 20));

        assertEquals(List.of(20.0), history.samples().stream().map(StatsSample::publishedPerSecond).toList(),
                "measured from the baseline, not from the ignored record");
    }

    @Test
    void itKeepsTheNewestSamplesOldestFirst() {
        for (int second = 0; second <= 5; second++) {
            history.record(T0.plusSeconds(second), totals(second * second, 0, 0, 0));
        }

        // Growth per second: 1, 3, 5, 7, 9; three kept.
        assertEquals(List.of(5.0, 7.0, 9.0), history.samples().stream().map(StatsSample::publishedPerSecond).toList());
        assertEquals(T0.plusSeconds(5), history.samples().get(2).time());
    }

    @Test
    void ratesAreRoundedToAThousandth() {
        history.record(T0, totals(0, 0, 0, 0));
        history.record(T0.plusMillis(3000), totals(1, 0, 0, 0));

        assertEquals(0.333, history.samples().get(0).publishedPerSecond());
    }

    private static Stats totals(long published, long delivered, long dropped, long frames) {
        return new StatsRecord(0, 0, published, delivered, dropped, 0, 0, 0, 0, frames, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
