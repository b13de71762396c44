package io.watchbox.client.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter, floored at the initial delay: before retry number
 * {@code n} (counting from 0) the client waits a uniformly random time in
 * {@code [initial, min(max, initial * 2^n)]}. The floor keeps a crowd of clients from
 * hammering a restarted server within the same millisecond; the jitter spreads them out.
 * {@link #reset()} after a good connection starts the sequence again.
 */
public final class ReconnectBackoff {
    private static final int MAX_EXPONENT = 62;

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int attempt;

    /**
     * @param random uniform values in {@code [0, 1)}
     */
    public ReconnectBackoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is below initial backoff " + initial);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one attempt. */
    public Duration nextDelay() {
        long cap = cap(attempt);
        attempt = Math.min(attempt + 1, MAX_EXPONENT);
        long spread = cap - initialMillis;
        long delay = initialMillis + (long) Math.floor(random.getAsDouble() * (spread + 1));
        return Duration.ofMillis(Math.min(delay, cap));
    }

    /** After a good connection: the next delay is drawn from the first range again. */
    public void reset() {
        attempt = 0;
    }

    private long cap(int exponent) {
        if (exponent >= Long.numberOfLeadingZeros(initialMillis) - 1) {
            return maxMillis;
        }
        return Math.min(maxMillis, initialMillis << exponent);
    }
}
