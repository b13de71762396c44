package io.watchbox.internal.cluster;

import io.watchbox.InvalidSettingException;

/**
 * How much of what this replica publishes while Redis is out of reach waits for it
 * ({@code watchbox.cluster.outagebytes}, {@code watchbox.cluster.outageseconds}). Past either bound
 * the oldest held messages are dropped, and their publishers are told they were not relayed. A bound
 * of 0 holds nothing: a message Redis cannot take at once is not relayed.
 *
 * @param bytes   what the held messages may weigh, frames and channel names
 * @param seconds how long after its publish a message may still be relayed
 */
public record OutageBounds(long bytes, long seconds) {

    public static final String BYTES = "watchbox.cluster.outagebytes";
    public static final String SECONDS = "watchbox.cluster.outageseconds";
    public static final String DEFAULT_BYTES = "16777216";
    public static final String DEFAULT_SECONDS = "10";
    /** 1 GiB: the heap of the replica holds it. */
    static final long MAX_BYTES = 1L << 30;
    /** An hour: a message relayed later than that is news to no one. */
    static final long MAX_SECONDS = 3600;
    public static final OutageBounds DEFAULT = parse(DEFAULT_BYTES, DEFAULT_SECONDS);

    public OutageBounds {
        if (bytes < 0 || bytes > MAX_BYTES) {
            throw new InvalidSettingException(BYTES, String.valueOf(bytes), bytesRange());
        }
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw new InvalidSettingException(SECONDS, String.valueOf(seconds), secondsRange());
        }
    }

    /** The bounds as configured (null for a key not set); a value that is not a whole number in range fails naming its key. */
    public static OutageBounds parse(String bytes, String seconds) {
        return new OutageBounds(number(BYTES, bytes, DEFAULT_BYTES, bytesRange()),
                number(SECONDS, seconds, DEFAULT_SECONDS, secondsRange()));
    }

    private static long number(String key, String raw, String fallback, String range) {
        try {
            return Long.parseLong(raw == null ? fallback : raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, raw, range);
        }
    }

    private static String bytesRange() {
        return "0 (hold nothing) to " + MAX_BYTES + " bytes";
    }

    private static String secondsRange() {
        return "0 (hold nothing) to " + MAX_SECONDS + " seconds";
    }
}
