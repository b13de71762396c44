package io.watchbox.bench;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The frames of one java.net.http WebSocket, each sent once the one before has completed. That
 * WebSocket allows one send at a time and fails another with an IllegalStateException, and the
 * server's answer to a client's first frame can arrive before that frame's send has completed here:
 * a subscription sent at once from the listener then failed unseen, and the connect waited out its
 * 60 s for a confirmation that never came.
 *
 * @param <S> the socket (the sends' results)
 */
final class OneSendAtATime<S> {

    private CompletableFuture<S> last = CompletableFuture.completedFuture(null);

    /** Sends with {@code frame} once the previous send has completed; fails if any send before it failed. */
    synchronized CompletableFuture<S> send(S socket, Function<S, CompletableFuture<S>> frame) {
        last = last.thenCompose(previous -> frame.apply(socket));
        return last;
    }
}
