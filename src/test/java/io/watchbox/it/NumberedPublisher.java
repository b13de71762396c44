package io.watchbox.it;

import io.watchbox.client.WatchboxClient;
import java.net.http.HttpResponse;
import java.util.Map;
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

    /** One way to publish: for how many sessions the server said it queued the message, or -1 when it did not confirm it. */
    @FunctionalInterface
    interface Channel {
        int publish(String text, String group) throws Exception;
    }

    final String name;
    final String group;
    private final Channel channel;
    private final AtomicLong last = new AtomicLong();
    /** Of each confirmed message, for how many sessions the server said it was queued. */
    private final Map<Long, Integer> confirmed = new ConcurrentHashMap<>();

    NumberedPublisher(String name, String group, Channel channel) {
        this.name = name;
        this.group = group;
        this.channel = channel;
    }

    /** Through a client without an offline buffer: confirmed by the server's {@code ok}. */
    static Channel overWebSocket(WatchboxClient client) {
        return (text, group) -> client.publish(text, group).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Through the REST API: confirmed by its 202. */
    static Channel overRest(ClusterReplica server) {
        return (text, group) -> {
            HttpResponse<String> response = server.post("/watchbox/api/groups/" + group + "/messages", text);
            return response.statusCode() == 202 ? Server.json(response.body()).asJsonObject().getInt("delivered") : -1;
        };
    }

    /** Not to be called from two threads at once. */
    void publishNext() {
        long number = last.incrementAndGet();
        int delivered;
        try {
            delivered = channel.publish(name + "#" + number, group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delivered = -1;
        } catch (Exception e) { // refused connection, dropped connection, timeout: not confirmed
            delivered = -1;
        }
        if (delivered >= 0) {
            confirmed.put(number, delivered);
        }
    }

    /** Publishes until one is confirmed; returns its number, the last this publisher sends. */
    long fence() {
        for (;;) {
            publishNext();
            if (confirmed.containsKey(last.get())) {
                return last.get();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // pacing the retries
        }
    }

    Set<Long> confirmed() {
        return Set.copyOf(confirmed.keySet());
    }

    /** For how many sessions the server said it queued a confirmed message. */
    int deliveredTo(long number) {
        return confirmed.get(number);
    }

    long published() {
        return last.get();
    }

    /** Of a text this publisher sent, its number; else -1. */
    long numberOf(String text) {
        return text.startsWith(name + "#") ? Long.parseLong(text.substring(name.length() + 1)) : -1;
    }
}
