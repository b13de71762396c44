package io.watchbox.internal.session;

/**
 * A token bucket for one session's publishes: up to {@code rate} per second, with bursts of up
 * to one second's worth. Not thread-safe: its {@link Session} guards it.
 */
final class PublishBudget {

    private double tokens = Double.NaN;
    private long last;

    /** Takes one publish from the budget; false when the session is over its rate. */
    boolean tryTake(long now, int rate) {
        if (Double.isNaN(tokens)) {
            tokens = rate;
        } else {
            tokens = Math.min(rate, tokens + (now - last) * (rate / 1000.0));
        }
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
