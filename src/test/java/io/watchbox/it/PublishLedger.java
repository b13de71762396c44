package io.watchbox.it;

import io.watchbox.it.DeliveryAudit.MessageId;
import io.watchbox.it.DeliveryAudit.Publish;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/** The numbers a publisher of {@link ClusterChaosIT} gave out, JSON or MQTT, and how each publish ended. */
final class PublishLedger {

    private final String uid;
    private final String group;
    private final AtomicLong next = new AtomicLong();
    private final AtomicInteger unsettled = new AtomicInteger();
    private final List<Publish> publishes = Collections.synchronizedList(new ArrayList<>());

    PublishLedger(String uid, String group) {
        this.uid = uid;
        this.group = group;
    }

    /**
     * Publishes the next number with {@code send}, which completes once the publish is confirmed and
     * fails when it is not; whether it was confirmed.
     */
    CompletableFuture<Boolean> publishNext(LongFunction<CompletionStage<?>> send) {
        long number = next.incrementAndGet();
        long sent = System.nanoTime();
        unsettled.incrementAndGet();
        return send.apply(number).handle((ok, error) -> {
            publishes.add(new Publish(new MessageId(uid, number), group, sent, System.nanoTime(), error == null));
            unsettled.decrementAndGet();
            return error == null;
        }).toCompletableFuture();
    }

    /** The number published last. */
    long last() {
        return next.get();
    }

    /** Whether every publish has ended, confirmed or not. */
    boolean settled() {
        return unsettled.get() == 0;
    }

    List<Publish> publishes() {
        synchronized (publishes) {
            return List.copyOf(publishes);
        }
    }
}
