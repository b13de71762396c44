package io.watchbox.internal.events;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.WatchboxMessage;
import io.watchbox.internal.values.WatchboxMessageRecord;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {

    private static final WatchboxMessage MESSAGE = new WatchboxMessageRecord("uid", null, "group", "msg", Instant.EPOCH);

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

    @Test
    void theBacklogCountsEventsNotYetHandedToObservers() {
        EventDispatcher dispatcher = new EventDispatcher();
        List<Runnable> tasks = new ArrayList<>();
        dispatcher.executor = executor(tasks);
        dispatcher.messages = firesNothing();

        dispatcher.clientPublished(MESSAGE);
        dispatcher.clientPublished(MESSAGE);
        dispatcher.clientPublished(MESSAGE);

        assertEquals(3, dispatcher.backlog());
        assertEquals(1, tasks.size(), "one drain for the three");
        tasks.get(0).run();
        assertEquals(0, dispatcher.backlog());
    }

    @Test
    void eventsPastTheBacklogBoundAreCountedAsDroppedAndTheRestStillFire() {
        EventDispatcher dispatcher = new EventDispatcher();
        List<Runnable> tasks = new ArrayList<>();
        dispatcher.executor = executor(tasks); // held: the observers never catch up until the test runs the drain
        AtomicInteger fired = new AtomicInteger();
        dispatcher.messages = counting(fired);

        for (int i = 0; i < EventDispatcher.MAX_BACKLOG + 3; i++) {
            dispatcher.clientPublished(MESSAGE);
        }

        assertEquals(EventDispatcher.MAX_BACKLOG, dispatcher.backlog());
        assertEquals(3, dispatcher.dropped());
        tasks.get(0).run();
        assertEquals(EventDispatcher.MAX_BACKLOG, fired.get());
        assertEquals(3, dispatcher.dropped(), "a count since start, not a level");
    }

    @Test
    void withoutAsynchronousObserversOnlyTheSynchronousOnesAreFired() {
        EventDispatcher dispatcher = new EventDispatcher();
        List<Runnable> tasks = new ArrayList<>();
        dispatcher.executor = executor(tasks);
        List<String> calls = new ArrayList<>();
        dispatcher.messages = recording(calls);
        dispatcher.asyncMessageObservers = false;

        dispatcher.clientPublished(MESSAGE);
        tasks.get(0).run();

        assertEquals(List.of("fire"), calls, "no fireAsync: on Payara each one costs a task with the application's context");
    }

    @Test
    void withAnAsynchronousObserverBothKindsAreFiredTheAsynchronousFirst() {
        EventDispatcher dispatcher = new EventDispatcher();
        List<Runnable> tasks = new ArrayList<>();
        dispatcher.executor = executor(tasks);
        List<String> calls = new ArrayList<>();
        dispatcher.messages = recording(calls);

        dispatcher.clientPublished(MESSAGE);
        tasks.get(0).run();

        assertEquals(List.of("fireAsync", "fire"), calls);
    }

    @Test
    void theObserversTheContainerResolvesSayWhetherAnyIsAsynchronous() {
        assertTrue(EventDispatcher.hasAsyncObservers(observedBy(true, false), MESSAGE));
        assertFalse(EventDispatcher.hasAsyncObservers(observedBy(false, false), MESSAGE));
        assertFalse(EventDispatcher.hasAsyncObservers(observedBy(), MESSAGE), "no observers at all");
        BeanManager failing = (BeanManager) Proxy.newProxyInstance(EventDispatcherTest.class.getClassLoader(),
                new Class<?>[] {BeanManager.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("not now");
                });
        assertTrue(EventDispatcher.hasAsyncObservers(failing, MESSAGE), "when the container cannot say, fired as before");
    }

    /** A bean manager whose observers of every event are asynchronous or not, one per flag. */
    private static BeanManager observedBy(boolean... async) {
        Set<ObserverMethod<?>> observers = new HashSet<>();
        for (boolean isAsync : async) {
            observers.add((ObserverMethod<?>) Proxy.newProxyInstance(EventDispatcherTest.class.getClassLoader(),
                    new Class<?>[] {ObserverMethod.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "isAsync" -> isAsync;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    }));
        }
        return (BeanManager) Proxy.newProxyInstance(EventDispatcherTest.class.getClassLoader(),
                new Class<?>[] {BeanManager.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("resolveObserverMethods")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return observers;
                });
    }

    /** An event that records which of fire and fireAsync it was called with, in order. */
    @SuppressWarnings("unchecked")
    private static Event<WatchboxMessage> recording(List<String> calls) {
        return (Event<WatchboxMessage>) Proxy.newProxyInstance(EventDispatcherTest.class.getClassLoader(),
                new Class<?>[] {Event.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return method.getName().equals("fireAsync") ? CompletableFuture.completedFuture(args[0]) : null;
                });
    }

    /** A managed executor that keeps the tasks it is given for the test to run. */
    private static ManagedExecutorService executor(List<Runnable> tasks) {
        return (ManagedExecutorService) Proxy.newProxyInstance(EventDispatcherTest.class.getClassLoader(),
                new Class<?>[] {ManagedExecutorService.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("execute")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    tasks.add((Runnable) args[0]);
                    return null;
                });
    }

    /** An event whose one synchronous observer counts what it is fired. */
    @SuppressWarnings("unchecked")
    private static Event<WatchboxMessage> counting(AtomicInteger fired) {
        return (Event<WatchboxMessage>) Proxy.newProxyInstance(EventDispatcherTest.class.getClassLoader(),
                new Class<?>[] {Event.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "fire" -> {
                        fired.incrementAndGet();
                        yield null;
                    }
                    case "fireAsync" -> CompletableFuture.completedFuture(args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** An event with no observers. */
    @SuppressWarnings("unchecked")
    private static Event<WatchboxMessage> firesNothing() {
        return (Event<WatchboxMessage>) Proxy.newProxyInstance(EventDispatcherTest.class.getClassLoader(),
                new Class<?>[] {Event.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "fire" -> null;
                    case "fireAsync" -> CompletableFuture.completedFuture(args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
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
