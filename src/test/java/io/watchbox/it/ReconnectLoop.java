package io.watchbox.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reconnects an MQTT test client whenever its connection is lost, one attempt at a time, until an
 * attempt succeeds; records each failed attempt. Paho's automatic reconnect is not used (see
 * {@link MqttChaosIT}: it once stayed disconnected for good, without saying why).
 */
final class ReconnectLoop implements AutoCloseable {

    /** One attempt: connects (and whatever must follow, such as subscribing); throws when it failed. */
    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    private final String id;
    private final Attempt attempt;
    private final java.util.function.BooleanSupplier connected;
    /** What went wrong while reconnecting, each different failure once in a row. */
    final List<String> trouble = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private volatile boolean closing;
    private final ScheduledExecutorService thread;

    ReconnectLoop(String id, Attempt attempt, java.util.function.BooleanSupplier connected) {
        this.id = id;
        this.attempt = attempt;
        this.connected = connected;
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread named = new Thread(task, "reconnect " + id);
            named.setDaemon(true);
            return named;
        });
    }

    /** The connection was lost (or the first connect failed): reconnect soon. */
    void lost() {
        if (!closing && reconnecting.compareAndSet(false, true)) {
            thread.schedule(this::reconnect, 50, TimeUnit.MILLISECONDS);
        }
    }

    private void reconnect() {
        if (closing) {
            return;
        }
        try {
            attempt.run();
        } catch (Exception e) {
            failed(e);
            thread.schedule(this::reconnect, 200, TimeUnit.MILLISECONDS);
            return;
        }
        reconnecting.set(false);
        if (!connected.getAsBoolean()) {
            lost(); // cut again before the flag was down
        }
    }

    void failed(Exception e) {
        failures.incrementAndGet();
        String said = e.toString();
        if (trouble.isEmpty() || !trouble.get(trouble.size() - 1).equals(said)) {
            trouble.add(said);
        }
    }

    int failures() {
        return failures.get();
    }

    @Override
    public void close() {
        closing = true;
        thread.shutdownNow();
    }

    @Override
    public String toString() {
        return failures.get() + " failed reconnects" + (reconnecting.get() ? " (reconnecting)" : "")
                + (trouble.isEmpty() ? "" : ", the last: " + trouble.subList(Math.max(0, trouble.size() - 3), trouble.size()));
    }
}
