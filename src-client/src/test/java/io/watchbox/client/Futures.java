package io.watchbox.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Assertions on stages that the harness completes synchronously. */
final class Futures {
    private Futures() {
    }

    static <T> T value(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        assertTrue(future.isDone(), "not completed");
        return future.join();
    }

    static Throwable failure(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        assertTrue(future.isCompletedExceptionally(), "did not fail");
        try {
            future.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        return fail("unreachable");
    }

    static void assertPending(CompletionStage<?> stage) {
        assertFalse(stage.toCompletableFuture().isDone(), "completed too early");
    }
}
