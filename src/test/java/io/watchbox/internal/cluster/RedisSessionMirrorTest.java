package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.RedisURI;
import io.watchbox.internal.protocol.EncodedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mirror's writer without a Redis: every batch fails at once, and its sessions are released all the same. */
class RedisSessionMirrorTest {

    private final RedisConnections unreachable = new RedisConnections("r1", "nowhere", RedisURI.create("redis://127.0.0.1:1"),
            null, new byte[] {1}, new RedisConnections.Owner() {
                @Override
                public void inbox(byte[] frame) {
                }

                @Override
                public void group(byte[] frame) {
                }

                @Override
                public CompletableFuture<?> subscribeAll() {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public void connected() {
                }

                @Override
                public void lost() {
                }

                @Override
                public long notRelayed() {
                    return 0;
                }
            }); // never started: it stays without a connection
    private final RedisSessionMirror mirror = new RedisSessionMirror("it", "r1", unreachable, Runnable::run, () -> 10,
            () -> 10_000);

    @AfterEach
    void close() {
        unreachable.close();
    }

    @Test
    void aCopyThatRedisDidNotTakeStillReleasesItsSession() {
        List<Long> released = new ArrayList<>();

        mirror.kept("ann", 1, message("m1"), null, () -> released.add(1L));

        assertEquals(List.of(1L), released);
    }

    @Test
    void aSessionThatFailsOnItsReleaseDoesNotStopTheMirrorForTheOthers() {
        List<String> released = new ArrayList<>();

        mirror.kept("ann", 1, message("m1"), null, () -> {
            throw new IllegalStateException("ann's socket broke");
        });
        mirror.kept("bob", 1, message("m1"), null, () -> released.add("bob"));
        mirror.kept("cy", 1, message("m2"), null, () -> released.add("cy"));

        assertEquals(List.of("bob", "cy"), released);
    }

    @Test
    void aWriterThatTakesNoMoreWorkAsTheApplicationStopsNeitherFailsThePublishNorHoldsTheSession() {
        RedisSessionMirror stopping = new RedisSessionMirror("it", "r1", unreachable, task -> {
            throw new RejectedExecutionException("the application is stopping");
        }, () -> 10, () -> 10_000);
        List<Long> released = new ArrayList<>();

        stopping.kept("ann", 1, message("m1"), null, () -> released.add(1L));
        stopping.kept("ann", 2, message("m2"), null, () -> released.add(2L));

        assertEquals(List.of(1L, 2L), released);
    }

    private static EncodedMessage message(String text) {
        return new EncodedMessage("\"" + text + "\"}", 0);
    }
}
