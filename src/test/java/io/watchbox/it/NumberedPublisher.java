package io.watchbox.it;

import io.watchbox.client.WatchboxClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes "name#1", "name#2", ... to one group, one at a time, and records which the server
 * confirmed. An unconfirmed publish is not sent again: it failed (the server was down, the
 * connection dropped before the answer), and it may or may not have been delivered.
 */
final class NumberedPublisher {

    /** One way to publish: whether the server confirmed the message. */
    @FunctionalInterface
    interface Channel {
        boolean publish(String text, String group) throws Exception;
    }

    final String name;
    final String group;
    private final Channel channel;
    private final AtomicLong last = new AtomicLong();
    private final Set<Long> confirmed = ConcurrentHashMap.newKeySet();

    NumberedPublisher(String name, String group, Channel channel) {
        this.name = name;
        this.group = group;
        this.channel = channel;
    }

    /** Through a client without an offline buffer: confirmed by the server's {@code ok}. */
    static Channel overWebSocket(WatchboxClient client) {
        return (text, group) -> {
            client.publish(text, group).toCompletableFuture().get(30, TimeUnit.SECONDS);
            return true;
        };
    }

    /** Through the REST API: confirmed by its 202. */
    static Channel overRest(ClusterReplica server) {
        return (text, group) -> server.post("/watchbox/api/groups/" + group + "/messages", text).statusCode() == 202;
    }

    /** Not to be called from two threads at once. */
    void publishNext() {
        long number = last.incrementAndGet();
        boolean ok;
        try {
            ok = channel.publish(name + "#" + number, group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        } catch (Exception e) { // refused connection, dropped connection, timeout: not confirmed
            ok = false;
        }
        if (ok) {
            confirmed.add(number);
        }
    }

    /** Publishes until one is confirmed; returns its number, the last this publisher sends. */
    long fence() {
        for (;;) {
            publishNext();
            if (confirmed.contains(last.get())) {
                return last.get();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // pacing the retries
        }
    }

    Set<Long> confirmed() {
        return Set.copyOf(confirmed);
    }

    long published() {
        return last.get();
    }

    /** Of a text this publisher sent, its number; else -1. */
    long numberOf(String text) {
        return text.startsWith(name + "#") ? Long.parseLong(text.substring(name.length() + 1)) : -1;
    }
}
