package io.watchbox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OneSendAtATimeTest {

    /** A socket whose sends complete only when the test says so, as java.net.http's may complete late. */
    private static final class SlowSocket {
        final List<String> started = new ArrayList<>();
        final List<CompletableFuture<SlowSocket>> pending = new ArrayList<>();

        CompletableFuture<SlowSocket> send(String frame) {
            started.add(frame);
            CompletableFuture<SlowSocket> sent = new CompletableFuture<>();
            pending.add(sent);
            return sent;
        }
    }

    private final SlowSocket socket = new SlowSocket();
    private final OneSendAtATime<SlowSocket> sends = new OneSendAtATime<>();

    @Test
    void theFirstFrameGoesAtOnce() {
        sends.send(socket, s -> s.send("hello"));

        assertEquals(List.of("hello"), socket.started);
    }

    @Test
    void aFrameWaitsUntilTheSendBeforeItHasCompleted() {
        sends.send(socket, s -> s.send("hello"));
        CompletableFuture<SlowSocket> sub = sends.send(socket, s -> s.send("sub"));

        assertEquals(List.of("hello"), socket.started);
        socket.pending.get(0).complete(socket);
        assertEquals(List.of("hello", "sub"), socket.started);
        socket.pending.get(1).complete(socket);
        assertTrue(sub.isDone() && !sub.isCompletedExceptionally());
    }

    @Test
    void afterAFailedSendNothingMoreIsSentAndTheLaterSendFailsToo() {
        sends.send(socket, s -> s.send("hello"));
        CompletableFuture<SlowSocket> sub = sends.send(socket, s -> s.send("sub"));

        socket.pending.get(0).completeExceptionally(new IllegalStateException("socket closed"));

        assertEquals(List.of("hello"), socket.started);
        assertTrue(sub.isCompletedExceptionally());
    }
}
