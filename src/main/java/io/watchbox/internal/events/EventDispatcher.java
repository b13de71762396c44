package io.watchbox.internal.events;

import io.watchbox.WatchboxMessage;
import io.watchbox.WatchboxTimeout;
import io.watchbox.internal.concurrent.ContainerExecutors;
import io.watchbox.internal.core.BrokerEvents;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.logging.RateLimitedLog;
import io.watchbox.internal.values.WatchboxMessageRecord;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires the broker's CDI events off the delivery path. Synchronous observers run one event at a
 * time, in order, on a managed thread; asynchronous ones through {@code fireAsync}. A slow or
 * failing observer delays only later events, never clients, and a backlog is bounded.
 *
 * <p>{@code fireAsync} is called only for an event type that has an asynchronous observer: each call
 * hands a task to the container's executor even with none, and Payara captures the application's
 * context for every such task, which costs more than delivering the message to ten subscribers.
 */
@ApplicationScoped
public class EventDispatcher implements BrokerEvents {

    private static final Logger ERROR_LOG = LoggingLevel.error();
    // Per dropped event while the observers lag: one line a minute, with how many were left out.
    private static final RateLimitedLog DROPS = RateLimitedLog.errors();
    static final int MAX_BACKLOG = 100_000;

    @Inject
    Event<WatchboxMessage> messages;

    @Inject
    Event<WatchboxTimeout> timeouts;

    @Inject
    BeanManager beans;

    ManagedExecutorService executor;
    /** Whether an {@code @ObservesAsync} observer takes each event type; CDI's observers are fixed once deployed. */
    boolean asyncMessageObservers = true;
    boolean asyncTimeoutObservers = true;

    private final Queue<Runnable> backlog = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlogSize = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean stopped;

    @PostConstruct
    void start() {
        executor = ContainerExecutors.executor();
        asyncMessageObservers = hasAsyncObservers(beans, new WatchboxMessageRecord("uid", null, "group", "", Instant.EPOCH));
        asyncTimeoutObservers = hasAsyncObservers(beans, new WatchboxTimeout("uid", null));
    }

    /** Whether an asynchronous observer takes events like {@code sample}; true when the container cannot say. */
    static boolean hasAsyncObservers(BeanManager beans, Object sample) {
        try {
            return beans.resolveObserverMethods(sample).stream().anyMatch(ObserverMethod::isAsync);
        } catch (RuntimeException cannotResolve) {
            ERROR_LOG.log(Level.FINE, "could not resolve the observers of " + sample.getClass().getName(), cannotResolve);
            return true;
        }
    }

    // Asynchronous observers are notified first: a synchronous one that throws must not cancel them.
    @Override
    public void clientPublished(WatchboxMessage message) {
        submit(() -> {
            if (asyncMessageObservers) {
                messages.fireAsync(message).whenComplete(this::asyncObserversDone);
            }
            messages.fire(message);
        });
    }

    @Override
    public void sessionEnded(WatchboxTimeout ended) {
        submit(() -> {
            if (asyncTimeoutObservers) {
                timeouts.fireAsync(ended).whenComplete(this::asyncObserversDone);
            }
            timeouts.fire(ended);
        });
    }

    /** Events queued and not yet handed to the observers (the one being fired is not counted). */
    @Override
    public int backlog() {
        return backlogSize.get();
    }

    /** Events never handed to observers because the backlog was full, since start. */
    @Override
    public long dropped() {
        return dropped.get();
    }

    /** No event is fired once the application stops. */
    public void stop() {
        stopped = true;
        backlog.clear();
    }

    private void submit(Runnable firing) {
        if (stopped) {
            return;
        }
        if (backlogSize.incrementAndGet() > MAX_BACKLOG) {
            backlogSize.decrementAndGet();
            dropped.incrementAndGet();
            DROPS.warning("backlog-full", () -> "event observers are too slow: " + MAX_BACKLOG
                    + " events wait, so an event was not fired (counted in eventsDropped)");
            return;
        }
        backlog.add(firing);
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException containerStopping) {
                // Liberty shuts its managed executors down while the server quiesces, before the
                // application is told to stop: the application is on its way out, so no more events.
                ERROR_LOG.fine("the container refused the event dispatch: it is stopping");
                stop();
            }
        }
    }

    private void drain() {
        for (;;) {
            Runnable firing;
            while (!stopped && (firing = backlog.poll()) != null) {
                backlogSize.decrementAndGet();
                try {
                    firing.run();
                } catch (RuntimeException e) {
                    ERROR_LOG.log(Level.WARNING, "a Watchbox event observer failed: " + e, e);
                }
            }
            draining.set(false);
            // An event added after the last poll but before the flag cleared must not wait for the next one.
            if (stopped || backlog.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void asyncObserversDone(Object event, Throwable failure) {
        if (failure != null) {
            ERROR_LOG.log(Level.WARNING, "an asynchronous Watchbox event observer failed: " + failure, failure);
        }
    }
}
