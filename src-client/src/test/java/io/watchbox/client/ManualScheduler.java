package io.watchbox.client;

import io.watchbox.client.internal.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;

/**
 * A scheduler whose time only moves when a test calls {@link #advance}. Tasks run on the
 * calling thread, one at a time; the clock it hands out moves with it.
 */
final class ManualScheduler implements Scheduler {
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong((Timer t) -> t.due).thenComparingLong(t -> t.order));
    private final Queue<Runnable> ready = new ArrayDeque<>();
    private final ManualClock clock = new ManualClock();
    private long order;
    private boolean running;
    private boolean shutdown;

    Clock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        ready.add(task);
        runReady();
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        Timer timer = new Timer(clock.millis + delay.toMillis(), order++, task);
        timers.add(timer);
        return () -> timer.cancelled = true;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    boolean isShutdown() {
        return shutdown;
    }

    /** Moves time forward, running every timer that falls due on the way, in order. */
    void advance(Duration duration) {
        long target = clock.millis + duration.toMillis();
        while (true) {
            Timer next = nextLiveTimer();
            if (next == null || next.due > target) {
                break;
            }
            timers.remove();
            clock.millis = next.due;
            next.task.run();
            runReady();
        }
        clock.millis = target;
    }

    /** The delay until the earliest live timer, or null when none is pending. */
    Duration nextTimerDelay() {
        Timer next = nextLiveTimer();
        return next == null ? null : Duration.ofMillis(next.due - clock.millis);
    }

    /** Runs the earliest pending timer, moving time to it; returns the delay that passed. */
    Duration runNextTimer() {
        Duration delay = nextTimerDelay();
        if (delay == null) {
            throw new AssertionError("no timer pending");
        }
        advance(delay);
        return delay;
    }

    private Timer nextLiveTimer() {
        while (!timers.isEmpty() && timers.peek().cancelled) {
            timers.remove();
        }
        return timers.peek();
    }

    private void runReady() {
        if (running) {
            return;
        }
        running = true;
        try {
            Runnable task;
            while ((task = ready.poll()) != null) {
                task.run();
            }
        } finally {
            running = false;
        }
    }

    private static final class Timer {
        final long due;
        final long order;
        final Runnable task;
        boolean cancelled;

        Timer(long due, long order, Runnable task) {
            this.due = due;
            this.order = order;
            this.task = task;
        }
    }

    private static final class ManualClock extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public long millis() {
            return millis;
        }
    }
}
