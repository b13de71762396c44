package io.watchbox.internal.events;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.WatchboxMessage;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {

    private static final WatchboxMessage MESSAGE = new WatchboxMessage("uid", null, "group", "msg", Instant.EPOCH);

    @Test
    void aContainerThatRefusesTheDispatchStopsEventsQuietly() {
        EventDispatcher dispatcher = new EventDispatcher();
        AtomicInteger refused = new AtomicInteger();
        dispatcher.executor = executor(() -> {
            refused.incrementAndGet();
            throw new RejectedExecutionException("shut down");
        });

        assertDoesNotThrow(() -> dispatcher.clientPublished(MESSAGE));
        assertDoesNotThrow(() -> dispatcher.clientPublished(MESSAGE));

        assertEquals(1, refused.get(), "once refused, the dispatcher must not knock again");
    }

    /** A managed executor whose execute runs the given action instead of the task. */
    private static ManagedExecutorService executor(Runnable onExecute) {
        return (ManagedExecutorService) Proxy.newProxyInstance(EventDispatcherTest.class.getClassLoader(),
                new Class<?>[] {ManagedExecutorService.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("execute")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    onExecute.run();
                    return null;
                });
    }
}
