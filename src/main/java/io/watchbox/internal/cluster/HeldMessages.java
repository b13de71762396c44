package io.watchbox.internal.cluster;

import io.watchbox.internal.logging.RateLimitedLog;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * This replica's relayed messages that Redis has not confirmed yet, in the order they were numbered:
 * written and awaiting Redis's answer, or held while Redis is out of reach. Nothing overtakes a held
 * message: once a write fails, or Redis is out of reach when a message comes, every message waits
 * here, and none is written until a probe (the oldest one, written alone) gets through; then all of
 * them are written, in order, ahead of anything newer. A write that failed may still have reached
 * Redis (it timed out while Redis was slow): written again, the receivers drop the repeat by its number.
 *
 * <p>Held messages are bounded by their bytes and their age: past either bound the oldest are dropped,
 * and the publisher's outcome says so ({@code false}). Messages written and awaiting their answer are
 * never dropped: Redis may have them.
 *
 * <p>Callers order their calls (the numbering is theirs); the methods are synchronized with each
 * other. A write's failure is handled on the {@code completions} executor, never on the thread that
 * completes it (Lettuce's, which may hold a lock of its own that a write here waits for).
 */
final class HeldMessages {

    /** Where the messages go: Redis's {@code PUBLISH} on the connection that publishes. */
    interface Writer {
        /** Whether a write may get through now (both connections are up). */
        boolean up();

        /**
         * Whether held messages may go out now: Redis is back, and so are the replicas that listened
         * before the outage, or they have had their time to come back. Else they would be published
         * past replicas that do not listen yet.
         */
        default boolean mayResume() {
            return up();
        }

        /**
         * Writes one message; the future completes when Redis ran it, exceptionally when it did not or
         * did not answer in time. Cancelling it stops a write that has not left yet.
         *
         * @throws RuntimeException when it is refused at once
         */
        CompletableFuture<?> publish(byte[] channel, byte[] frame);
    }

    /** One message: what to write, since when it waits, and its one write in flight, if any. */
    private static final class Entry {
        final byte[] channel;
        final byte[] frame;
        final long publishedAt;
        final CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        /** Relayed or dropped: set once, before the outcome completes, so that it is counted first. */
        final AtomicBoolean settled = new AtomicBoolean();
        /** The write in flight, or null while the message waits: guarded by the queue. */
        Attempt attempt;
        /** Counted among the held once: written under the queue's lock, read when Redis confirms it. */
        volatile boolean held;

        Entry(byte[] channel, byte[] frame, long publishedAt) {
            this.channel = channel;
            this.frame = frame;
            this.publishedAt = publishedAt;
        }

        long size() {
            return (long) channel.length + frame.length;
        }
    }

    /** One write of an entry; a probe is the write that tries whether Redis is back. */
    private record Attempt(boolean probe, CompletableFuture<?>[] future) {
        Attempt(boolean probe) {
            this(probe, new CompletableFuture<?>[1]);
        }

        void cancel() {
            if (future[0] != null) {
                future[0].cancel(false);
            }
        }
    }

    private final Writer writer;
    private final Executor completions;
    private final LongSupplier millis;
    private final long maxBytes;
    private final long maxAgeMillis;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    /** What the entries weigh: guarded by this. */
    private long bytes;
    /** A write failed, or Redis was out of reach: nothing is written but the probe. Guarded by this. */
    private boolean holding;
    /** The probe in flight, or null: guarded by this. */
    private Entry probe;
    private final LongAdder relayed = new LongAdder();
    private final LongAdder held = new LongAdder();
    private final LongAdder relayedLate = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    // Per message: an outage past the bounds drops every message published meanwhile.
    private final RateLimitedLog errors = RateLimitedLog.errors();

    /**
     * @param completions where failed writes and probes that got through are handled
     * @param millis      the time, in milliseconds
     * @param bounds      what the held messages may weigh and how long they may wait
     */
    HeldMessages(Writer writer, Executor completions, LongSupplier millis, OutageBounds bounds) {
        this.writer = writer;
        this.completions = completions;
        this.millis = millis;
        this.maxBytes = bounds.bytes();
        this.maxAgeMillis = bounds.seconds() * 1000L;
    }

    /**
     * A message numbered just now: written at once when nothing waits and Redis is in reach, held
     * otherwise.
     *
     * @return completes with true once Redis has it, false once it is dropped past a bound; never fails
     */
    synchronized CompletableFuture<Boolean> offer(byte[] channel, byte[] frame) {
        trim();
        Entry entry = new Entry(channel, frame, millis.getAsLong());
        entries.add(entry);
        bytes += entry.size();
        if (!holding && writer.up()) {
            write(entry, false);
        } else {
            if (holding) {
                markHeld(entry);
            } else {
                startHolding();
            }
            dropOverBounds();
        }
        return entry.outcome;
    }

    /**
     * Drops what is past the bounds, and when Redis is in reach, tries whether it takes the oldest
     * held message: called periodically and when the connections are back.
     */
    synchronized void resume() {
        trim();
        if (!holding) {
            return;
        }
        dropOverBounds();
        if (probe != null || !writer.mayResume()) {
            return;
        }
        Entry oldest = firstWaiting();
        if (oldest == null) {
            holding = false;
            return;
        }
        probe = oldest;
        write(oldest, true);
    }

    /** The probe got through: every held message is written, in order, and new ones after them. */
    private synchronized void probeAnswered(Entry answered) {
        if (probe != answered) {
            return;
        }
        probe = null;
        holding = false;
        for (Entry entry : entries) {
            if (holding) {
                break; // a write was refused at once: held again
            }
            if (entry.attempt == null && !entry.settled.get()) {
                write(entry, false);
            }
        }
        trim();
    }

    /** A write failed: that message, and every one after it that is not confirmed, waits again. */
    private synchronized void failed(Entry entry, Attempt attempt) {
        if (entry.attempt != attempt || entry.settled.get()) {
            return; // written again since, or confirmed after all
        }
        holdAgain(entry);
        dropOverBounds();
    }

    /**
     * From now on nothing is written but the probe. The writes in flight are cancelled, so that one
     * not gone yet does not reach Redis after an older one that failed; they are written again once
     * Redis is back (one that had reached Redis is then a repeat, which the receivers drop).
     */
    private void startHolding() {
        holding = true;
        for (Entry entry : entries) {
            if (entry.settled.get()) {
                continue;
            }
            if (entry.attempt != null && entry != probe) {
                Attempt cancelled = entry.attempt;
                entry.attempt = null;
                cancelled.cancel();
            }
            if (entry.attempt == null) {
                markHeld(entry);
            }
        }
    }

    private void markHeld(Entry entry) {
        if (!entry.held) {
            entry.held = true;
            held.increment();
        }
    }

    private void write(Entry entry, boolean asProbe) {
        Attempt attempt = new Attempt(asProbe);
        entry.attempt = attempt;
        CompletableFuture<?> future;
        try {
            future = writer.publish(entry.channel, entry.frame);
        } catch (RuntimeException refused) {
            holdAgain(entry);
            return;
        }
        attempt.future[0] = future;
        if (future.isCompletedExceptionally()) {
            // Refused without being written (not connected): held before anything newer is written.
            holdAgain(entry);
            return;
        }
        future.whenComplete((done, e) -> {
            if (e != null) {
                completions.execute(() -> failed(entry, attempt));
                return;
            }
            settle(entry, true);
            if (attempt.probe()) {
                completions.execute(() -> probeAnswered(entry));
            }
        });
    }

    /**
     * Under the lock: the entry waits again, at once, so that nothing newer is written before it, and
     * so does everything newer until Redis takes a probe. Safe while the entries are iterated: what
     * is past the bounds goes at the next offer or {@link #resume}, not here.
     */
    private void holdAgain(Entry entry) {
        entry.attempt = null;
        if (probe == entry) {
            probe = null;
        }
        markHeld(entry);
        if (!holding) {
            startHolding();
        }
    }

    /**
     * Writes a frame that is not a message (a call between replicas) if nothing waits: it then
     * travels behind every message numbered before it.
     *
     * @return false, with nothing written, while messages are held or Redis is out of reach
     * @throws RuntimeException when the write is refused at once
     */
    synchronized boolean writeIfFlowing(byte[] channel, byte[] frame) {
        if (holding || !writer.up()) {
            return false;
        }
        writer.publish(channel, frame);
        return true;
    }

    /** The oldest message that waits (neither confirmed nor in flight), or null. */
    private Entry firstWaiting() {
        for (Entry entry : entries) {
            if (entry.attempt == null && !entry.settled.get()) {
                return entry;
            }
        }
        return null;
    }

    /** Confirmed and dropped messages leave from the head. */
    private void trim() {
        for (Entry head; (head = entries.peekFirst()) != null && head.settled.get(); ) {
            entries.removeFirst();
            bytes -= head.size();
        }
    }

    /** Drops the oldest waiting messages while the held ones weigh too much or the oldest is too old. */
    private void dropOverBounds() {
        long now = millis.getAsLong();
        long before = dropped.sum();
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (bytes <= maxBytes && now - entry.publishedAt < maxAgeMillis) {
                break;
            }
            if (entry.attempt != null || entry.settled.get()) {
                continue; // in flight: Redis may have it; or confirmed late, leaving soon
            }
            it.remove();
            bytes -= entry.size();
            drop(entry);
        }
        if (dropped.sum() > before) {
            errors.warning("dropped", () -> "Watchbox cluster: Redis has been out of reach for longer than "
                    + OutageBounds.BYTES + " and " + OutageBounds.SECONDS + " allow; messages published here "
                    + "reached this replica's subscribers only (counted as notRelayed and outageDropped in /stats)");
        }
    }

    /** The relay closes: every message that waits or is in flight is not relayed, and its publisher is told so. */
    synchronized void dropAll() {
        trim();
        for (Entry entry : entries) {
            if (!entry.settled.get()) {
                if (entry.attempt != null) {
                    entry.attempt.cancel();
                    entry.attempt = null;
                }
                drop(entry);
            }
        }
        if (!entries.isEmpty()) {
            errors.warning("dropped at close", () -> "Watchbox cluster: the relay closed with messages still waiting "
                    + "for Redis; they reached this replica's subscribers only (counted as notRelayed and outageDropped)");
        }
        entries.clear();
        bytes = 0;
    }

    private void drop(Entry entry) {
        markHeld(entry);
        settle(entry, false);
    }

    /** Counts the outcome, then tells the publisher: once per message, whichever comes first. */
    private void settle(Entry entry, boolean inRedis) {
        if (!entry.settled.compareAndSet(false, true)) {
            return;
        }
        if (!inRedis) {
            dropped.increment();
        } else {
            relayed.increment();
            if (entry.held) {
                relayedLate.increment();
            }
        }
        entry.outcome.complete(inRedis);
    }

    /** Messages Redis confirmed, late ones included. */
    long relayed() {
        return relayed.sum();
    }

    /** Messages that could not be written at their time, or whose write failed, and waited. */
    long held() {
        return held.sum();
    }

    /** Of the held messages, those Redis confirmed later. */
    long relayedLate() {
        return relayedLate.sum();
    }

    /** Of the held messages, those dropped past a bound. */
    long dropped() {
        return dropped.sum();
    }

    /**
     * Holds from now on, until a probe gets through once {@link Writer#mayResume}: Redis was lost, and
     * what is published after it is back, before the other replicas listen again, waits for them too.
     */
    synchronized void holdUntilResumed() {
        if (!holding) {
            startHolding();
        }
    }

    /** Whether messages wait for Redis (nothing new is written meanwhile). */
    synchronized boolean holding() {
        return holding;
    }

    /** How many messages wait or are in flight now. */
    synchronized int size() {
        trim();
        return entries.size();
    }
}
