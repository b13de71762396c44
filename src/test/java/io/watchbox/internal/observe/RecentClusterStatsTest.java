package io.watchbox.internal.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.Stats;
import io.watchbox.internal.values.StatsRecord;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cluster gauges never wait for other replicas, and ask them at most once per max age. */
class RecentClusterStatsTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final Stats OWN = sessions(1);

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger fetches = new AtomicInteger();
    private CompletableFuture<Stats> answer = new CompletableFuture<>();
    private final RecentClusterStats recent = new RecentClusterStats(() -> {
        fetches.incrementAndGet();
        return answer;
    }, () -> OWN, nanos::get, MAX_AGE);

    @Test
    void untilTheFirstAnswerAScrapeReadsThisReplicasOwnAndAsksOnce() {
        assertEquals(OWN, recent.get());
        assertEquals(OWN, recent.get());

        assertEquals(1, fetches.get(), "one fetch under way at a time");
    }

    @Test
    void anAnswerIsReadUntilItIsTooOldThenTheNextScrapeAsksAgainAndReadsItMeanwhile() {
        recent.get();
        answer.complete(sessions(3));
        answer = new CompletableFuture<>();

        nanos.addAndGet(MAX_AGE.toNanos() - 1);
        assertEquals(3, recent.get().sessions());
        assertEquals(1, fetches.get(), "fresh enough");

        nanos.addAndGet(1);
        assertEquals(3, recent.get().sessions(), "the last answer while the next is under way");
        assertEquals(2, fetches.get());

        answer.complete(sessions(5));
        assertEquals(5, recent.get().sessions());
    }

    @Test
    void aFailedFetchKeepsTheLastAnswerAndIsTriedAgainAfterMaxAge() {
        recent.get();
        answer.complete(sessions(3));
        nanos.addAndGet(MAX_AGE.toNanos());
        answer = new CompletableFuture<>();
        recent.get();

        answer.completeExceptionally(new IllegalStateException("Redis is out of reach"));

        assertEquals(3, recent.get().sessions());
        assertEquals(2, fetches.get(), "not again at once");
        nanos.addAndGet(MAX_AGE.toNanos());
        recent.get();
        assertEquals(3, fetches.get());
    }

    private static Stats sessions(long sessions) {
        return new StatsRecord(sessions, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
