package io.watchbox.internal.config;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * Wall time that moves at the pace of the monotonic clock. Watchbox's deadlines (keep alive,
 * {@code hellotimeout}, {@code watchbox.timeout}, token expiry) are read against this clock: a wall
 * clock stepped forward (a virtual machine resumed and corrected, an NTP step) would otherwise make
 * every one of them fall due at once and close sockets that were never silent, as the integration
 * tests saw on a loaded virtual machine (a 45 s keep alive closed after 32 s by the client's
 * monotonic clock). It still follows the wall clock, catching up with a step at a tenth of the
 * time that passes (a 13 s step in 130 s), and it never goes back.
 */
public final class SteadyClock extends Clock {

    /** How fast a step of the wall clock is taken up: one part in this many of the time that passes. */
    private static final long CATCH_UP = 10;

    private final Clock wall;
    private final LongSupplier nanos;
    /** Guarded by this: the monotonic reading and this clock's time, in nanoseconds since the epoch, at the last read. */
    private long lastNanos;
    private long steadyNanos;

    public SteadyClock(Clock wall, LongSupplier nanos) {
        this.wall = wall;
        this.nanos = nanos;
        this.lastNanos = nanos.getAsLong();
        this.steadyNanos = epochNanos(wall.instant());
    }

    /** The system's wall clock, paced by {@link System#nanoTime()}. */
    public static SteadyClock system() {
        return new SteadyClock(Clock.systemUTC(), System::nanoTime);
    }

    @Override
    public synchronized long millis() {
        return Math.floorDiv(advance(), 1_000_000L);
    }

    @Override
    public synchronized Instant instant() {
        long at = advance();
        return Instant.ofEpochSecond(Math.floorDiv(at, 1_000_000_000L), Math.floorMod(at, 1_000_000_000L));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("Watchbox keeps time in UTC");
    }

    private long advance() {
        long now = nanos.getAsLong();
        long elapsed = Math.max(0, now - lastNanos);
        lastNanos = now;
        long behindWall = epochNanos(wall.instant()) - (steadyNanos + elapsed);
        long allowed = elapsed / CATCH_UP;
        long correction = Math.max(-allowed, Math.min(allowed, behindWall));
        // Never back: a wall clock stepped back is caught up with by going slower, not by returning.
        steadyNanos += Math.max(0, elapsed + correction);
        return steadyNanos;
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
