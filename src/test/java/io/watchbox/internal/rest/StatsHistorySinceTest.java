package io.watchbox.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.watchbox.StatsSample;
import io.watchbox.internal.values.StatsSampleRecord;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code GET /stats/history?since=}: only the samples taken after the caller's last one. */
class StatsHistorySinceTest {

    private static final Instant START = Instant.parse("2026-05-01T12:00:00.000000123Z");
    private static final List<StatsSample> FIVE = IntStream.range(0, 5).mapToObj(i -> sample(START.plusSeconds(i))).toList();

    @Test
    void withoutSinceEverySampleIsAnswered() {
        assertSame(FIVE, StatsResource.after(FIVE, null));
    }

    @Test
    void sinceTheTimeOfASampleAnswersOnlyTheOnesAfterIt() {
        assertEquals(FIVE.subList(3, 5), StatsResource.after(FIVE, FIVE.get(2).time()));
    }

    @Test
    void sinceTheLastSampleAnswersNothingUntilTheNextIsTaken() {
        assertEquals(List.of(), StatsResource.after(FIVE, FIVE.get(4).time()));
    }

    @Test
    void sinceATimeBetweenSamplesOrBeforeThemAll() {
        assertEquals(FIVE.subList(2, 5), StatsResource.after(FIVE, START.plusMillis(1500)));
        assertEquals(FIVE, StatsResource.after(FIVE, START.minusSeconds(3600)));
    }

    @Test
    void nanosecondsCount() {
        // The samples' time keeps the clock's nanoseconds; the one written in the answer is the one to give back.
        assertEquals(FIVE, StatsResource.after(FIVE, START.minusNanos(1)));
        assertEquals(FIVE.subList(1, 5), StatsResource.after(FIVE, START));
    }

    private static StatsSample sample(Instant time) {
        return new StatsSampleRecord(time, 1, 1, 0, 1, 1, 1, 0, 0);
    }
}
