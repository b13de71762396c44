package io.watchbox;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The broker's settings, validated: an instance always holds values within their ranges. Built
 * with {@link #builder()}; the deployed values come from MicroProfile Config keys under
 * {@code watchbox.}. Immutable and safe to share between threads.
 */
public final class Settings {

    /** Key of {@link #logginglevel()}. */
    public static final String LOGGINGLEVEL = "watchbox.logginglevel";
    /** Key of {@link #timeout()}. */
    public static final String TIMEOUT = "watchbox.timeout";
    /** Key of {@link #listlimit()}. */
    public static final String LISTLIMIT = "watchbox.listlimit";
    /** Key of {@link #maxmessage()}. */
    public static final String MAXMESSAGE = "watchbox.maxmessage";
    /** Key of {@link #ratelimit()}. */
    public static final String RATELIMIT = "watchbox.ratelimit";
    /** Key of {@link #maxclients()}. */
    public static final String MAXCLIENTS = "watchbox.maxclients";
    /** Key of {@link #maxsubscriptions()}. */
    public static final String MAXSUBSCRIPTIONS = "watchbox.maxsubscriptions";
    /** Key of {@link #maxqueuedbytes()}. */
    public static final String MAXQUEUEDBYTES = "watchbox.maxqueuedbytes";
    /** Key of {@link #hellotimeout()}. */
    public static final String HELLOTIMEOUT = "watchbox.hellotimeout";
    /** Key of {@link #path()}. */
    public static final String PATH = "watchbox.path";

    private static final Map<String, String> RANGES = Map.of(
            LOGGINGLEVEL, "0-3",
            TIMEOUT, "1-2147483 seconds",
            LISTLIMIT, ">= 1",
            MAXMESSAGE, "64-268435455 bytes",
            RATELIMIT, ">= 0 per second (0: no limit)",
            MAXCLIENTS, ">= 1",
            MAXSUBSCRIPTIONS, ">= 1",
            HELLOTIMEOUT, "1-2147483 seconds",
            MAXQUEUEDBYTES, ">= 65536 bytes",
            PATH, "a path such as /watchbox: '/' then segments of letters, digits and -._~"
                    + " separated by single '/', no '/' at the end");

    // Segments of unreserved URI characters: nothing a servlet mapping or a WebSocket path treats specially.
    private static final Pattern PATH_SYNTAX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    /** The contract's defaults. */
    public static final Settings DEFAULTS = builder().build();

    private final int logginglevel;
    private final int timeout;
    private final int listlimit;
    private final int maxmessage;
    private final int ratelimit;
    private final int maxclients;
    private final int maxsubscriptions;
    private final int hellotimeout;
    private final int maxqueuedbytes;
    private final String path;

    private Settings(Builder b) {
        logginglevel = check(LOGGINGLEVEL, b.logginglevel, 0, 3, RANGES.get(LOGGINGLEVEL));
        timeout = check(TIMEOUT, b.timeout, 1, Integer.MAX_VALUE / 1000, RANGES.get(TIMEOUT));
        listlimit = check(LISTLIMIT, b.listlimit, 1, Integer.MAX_VALUE, RANGES.get(LISTLIMIT));
        maxmessage = check(MAXMESSAGE, b.maxmessage, 64, Integer.MAX_VALUE / 8, RANGES.get(MAXMESSAGE));
        ratelimit = check(RATELIMIT, b.ratelimit, 0, Integer.MAX_VALUE, RANGES.get(RATELIMIT));
        maxclients = check(MAXCLIENTS, b.maxclients, 1, Integer.MAX_VALUE, RANGES.get(MAXCLIENTS));
        maxsubscriptions = check(MAXSUBSCRIPTIONS, b.maxsubscriptions, 1, Integer.MAX_VALUE, RANGES.get(MAXSUBSCRIPTIONS));
        maxqueuedbytes = check(MAXQUEUEDBYTES, b.maxqueuedbytes, 65536, Integer.MAX_VALUE, RANGES.get(MAXQUEUEDBYTES));
        hellotimeout = check(HELLOTIMEOUT, b.hellotimeout, 1, Integer.MAX_VALUE / 1000, RANGES.get(HELLOTIMEOUT));
        if (b.path == null || !PATH_SYNTAX.matcher(b.path).matches() || b.path.contains("/./")
                || b.path.contains("/../") || b.path.endsWith("/.") || b.path.endsWith("/..")) {
            throw new InvalidSettingException(PATH, String.valueOf(b.path), RANGES.get(PATH));
        }
        path = b.path;
    }

    /**
     * The allowed values of a key, in words, as {@link InvalidSettingException} gives them.
     *
     * @throws IllegalArgumentException for a key that is not one of the constants above
     */
    public static String range(String key) {
        String range = RANGES.get(key);
        if (range == null) {
            throw new IllegalArgumentException("not a Watchbox setting: " + key);
        }
        return range;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().logginglevel(logginglevel).timeout(timeout).listlimit(listlimit).maxmessage(maxmessage)
                .ratelimit(ratelimit).maxclients(maxclients).maxsubscriptions(maxsubscriptions).hellotimeout(hellotimeout)
                .maxqueuedbytes(maxqueuedbytes).path(path);
    }

    /** 3 all (client events, server events, errors), 2 server events and errors, 1 errors, 0 none. Default 3. */
    public int logginglevel() {
        return logginglevel;
    }

    /** Seconds before a silent connected client, or a dropped one that does not resume, is ended. Default 10. */
    public int timeout() {
        return timeout;
    }

    /** {@link #timeout()} in milliseconds. */
    public long timeoutMillis() {
        return timeout * 1000L;
    }

    /** Messages kept per session. Default 50. */
    public int listlimit() {
        return listlimit;
    }

    /** Largest frame or REST body, in bytes. Default 65536. */
    public int maxmessage() {
        return maxmessage;
    }

    /** Publishes per second one session may make (bursts of one second's worth); 0 is no limit. Default 0. */
    public int ratelimit() {
        return ratelimit;
    }

    /** Sessions alive at once, connected or waiting for a resume. Default 10000. */
    public int maxclients() {
        return maxclients;
    }

    /** Subscriptions per session. Default 100. */
    public int maxsubscriptions() {
        return maxsubscriptions;
    }

    /** Bytes of kept messages per session; the oldest go first past it. Default 1048576. */
    public int maxqueuedbytes() {
        return maxqueuedbytes;
    }

    /** Seconds a new socket has to say hello before it is closed with 4408. Default 5. */
    public int hellotimeout() {
        return hellotimeout;
    }

    /** Where the module serves its WebSocket endpoint ({@code {ctx}{path}}) and REST API ({@code {ctx}{path}/api}). Default {@code /watchbox}. */
    public String path() {
        return path;
    }

    /** These settings with another {@link #logginglevel()}; throws {@link InvalidSettingException} when out of range. */
    public Settings withLogginglevel(int value) {
        return toBuilder().logginglevel(value).build();
    }

    /** These settings with another {@link #timeout()}; throws {@link InvalidSettingException} when out of range. */
    public Settings withTimeout(int value) {
        return toBuilder().timeout(value).build();
    }

    /** These settings with another {@link #listlimit()}; throws {@link InvalidSettingException} when out of range. */
    public Settings withListlimit(int value) {
        return toBuilder().listlimit(value).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && logginglevel == s.logginglevel && timeout == s.timeout
                && listlimit == s.listlimit && maxmessage == s.maxmessage && ratelimit == s.ratelimit
                && maxclients == s.maxclients && maxsubscriptions == s.maxsubscriptions && hellotimeout == s.hellotimeout
                && maxqueuedbytes == s.maxqueuedbytes && path.equals(s.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logginglevel, timeout, listlimit, maxmessage, ratelimit, maxclients, maxsubscriptions,
                hellotimeout, maxqueuedbytes, path);
    }

    @Override
    public String toString() {
        return "Settings[logginglevel=" + logginglevel + ", timeout=" + timeout + ", listlimit=" + listlimit
                + ", maxmessage=" + maxmessage + ", ratelimit=" + ratelimit + ", maxclients=" + maxclients
                + ", maxsubscriptions=" + maxsubscriptions + ", hellotimeout=" + hellotimeout
                + ", maxqueuedbytes=" + maxqueuedbytes + ", path=" + path + "]";
    }

    private static int check(String key, int value, int min, int max, String range) {
        if (value < min || value > max) {
            throw new InvalidSettingException(key, Integer.toString(value), range);
        }
        return value;
    }

    /** Collects values by name; {@link #build()} checks them all. Not thread-safe. */
    public static final class Builder {
        private int logginglevel = 3;
        private int timeout = 10;
        private int listlimit = 50;
        private int maxmessage = 65536;
        private int ratelimit = 0;
        private int maxclients = 10_000;
        private int maxsubscriptions = 100;
        private int hellotimeout = 5;
        private int maxqueuedbytes = 1_048_576;
        private String path = "/watchbox";

        private Builder() {
        }

        /** @see Settings#logginglevel() */
        public Builder logginglevel(int value) {
            logginglevel = value;
            return this;
        }

        /** @see Settings#timeout() */
        public Builder timeout(int seconds) {
            timeout = seconds;
            return this;
        }

        /** @see Settings#listlimit() */
        public Builder listlimit(int value) {
            listlimit = value;
            return this;
        }

        /** @see Settings#maxmessage() */
        public Builder maxmessage(int bytes) {
            maxmessage = bytes;
            return this;
        }

        /** @see Settings#ratelimit() */
        public Builder ratelimit(int perSecond) {
            ratelimit = perSecond;
            return this;
        }

        /** @see Settings#maxclients() */
        public Builder maxclients(int value) {
            maxclients = value;
            return this;
        }

        /** @see Settings#maxsubscriptions() */
        public Builder maxsubscriptions(int value) {
            maxsubscriptions = value;
            return this;
        }

        /** @see Settings#hellotimeout() */
        public Builder hellotimeout(int seconds) {
            hellotimeout = seconds;
            return this;
        }

        /** @see Settings#maxqueuedbytes() */
        public Builder maxqueuedbytes(int bytes) {
            maxqueuedbytes = bytes;
            return this;
        }

        /** @see Settings#path() */
        public Builder path(String value) {
            path = value;
            return this;
        }

        /**
         * The settings.
         *
         * @throws InvalidSettingException naming the first key whose value is out of range
         */
        public Settings build() {
            return new Settings(this);
        }
    }
}
