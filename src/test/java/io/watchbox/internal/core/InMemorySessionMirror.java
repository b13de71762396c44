package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.DeliveredMarks;
import io.watchbox.internal.core.relay.KeptCodec;
import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.core.relay.MqttMark;
import io.watchbox.internal.core.relay.MqttMarkCodec;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.protocol.EncodedMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * One replica's mirror in an {@link InMemoryCluster}, as {@code RedisSessionMirror} writes it to Redis:
 * writes leave in order on a thread of their own, so that a copy is written a moment after its
 * message is queued, and a replica that {@link InMemoryRelay#die() dies} before a write is out never
 * makes it (nor runs its {@code written}: a dead replica sends nothing more). A test can
 * {@link #holdWrites()} to let messages queue while their copies wait, as on a slow Redis.
 */
final class InMemorySessionMirror implements SessionMirror {

    private final InMemoryCluster cluster;
    private final InMemoryRelay relay;
    private final IntSupplier listlimit;
    private final DeliveredMarks marks;
    private final ExecutorService writes;
    private final AtomicBoolean holding = new AtomicBoolean();
    private volatile boolean unreadable;
    private final Object held = new Object();

    InMemorySessionMirror(InMemoryCluster cluster, InMemoryRelay relay, IntSupplier listlimit) {
        this.cluster = cluster;
        this.relay = relay;
        this.listlimit = listlimit;
        this.marks = new DeliveredMarks(relay.replicaId());
        this.writes = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "in-memory-mirror-" + relay.replicaId());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void kept(String uid, long seq, EncodedMessage message, MessageId id, Runnable written) {
        byte[] bytes = KeptCodec.encode(new Kept(seq, message, id));
        write(() -> {
            cluster.kept(relay.replicaId(), uid, bytes, listlimit.getAsInt());
            written.run();
        });
    }

    @Override
    public void mqtt(String uid, MqttMark mark, Runnable written) {
        MqttMarkCodec.Change change = MqttMarkCodec.change(mark);
        write(() -> {
            cluster.mqtt(relay.replicaId(), uid, change);
            written.run();
        });
    }

    @Override
    public void delivered(MessageId id) {
        marks.delivered(id);
        write(() -> cluster.marked(relay.replicaId(), marks.now()));
    }

    @Override
    public void described(Description session) {
        write(() -> cluster.described(session));
    }

    @Override
    public void ended(String uid) {
        write(() -> cluster.mirrorEnded(uid));
    }

    @Override
    public Optional<Orphan> orphan(String uid) {
        return relay.isUp() ? cluster.orphan(relay.replicaId(), uid) : Optional.empty();
    }

    @Override
    public boolean claim(String uid, String deadHolder) {
        return relay.isUp() && cluster.claimOrphan(relay.replicaId(), uid, deadHolder, relay.entryTtlMillis());
    }

    @Override
    public Contents contents(String uid, String deadHolder) {
        if (unreadable) {
            throw new IllegalStateException("the test made the copies unreadable");
        }
        return cluster.contents(uid, deadHolder);
    }

    @Override
    public List<Replayed> publishedAfter(String origin, long after) {
        return cluster.publishedAfter(origin, after);
    }

    @Override
    public void rewriteWith(Runnable rewrite) {
        // The hub never loses what was written: nothing to write again.
    }

    /** From now on, reading a crashed replica's copies fails, as when Redis does not answer. */
    void failReads() {
        unreadable = true;
    }

    /** From now on, copies wait (their messages are queued, not sent) until {@link #releaseWrites()}. */
    void holdWrites() {
        holding.set(true);
    }

    void releaseWrites() {
        synchronized (held) {
            holding.set(false);
            held.notifyAll();
        }
    }

    /** Stops the writer's thread; what waits is never written. */
    void close() {
        releaseWrites();
        writes.shutdownNow();
    }

    /** In order on the writer's thread, if this replica is still up by then. */
    private void write(Runnable write) {
        try {
            writes.execute(() -> {
                awaitRelease();
                if (relay.isUp()) {
                    write.run();
                }
            });
        } catch (RejectedExecutionException closed) {
            // The replica stopped: nothing more is written.
        }
    }

    private void awaitRelease() {
        synchronized (held) {
            while (holding.get()) {
                try {
                    held.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
