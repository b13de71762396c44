package io.watchbox.internal.config;

import io.watchbox.InvalidSettingException;
import io.watchbox.Settings;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@link Settings} as the broker holds them, validated: an instance always holds values within
 * their ranges. Built with {@link #builder()} from MicroProfile Config ({@link WatchboxConfig}),
 * changed at run time through the {@code with} methods. Immutable and safe to share between threads.
 */
public final class ValidSettings implements Settings {

    private static final Map<String, String> RANGES = Map.ofEntries(
            Map.entry(LOGGINGLEVEL, "0-3"),
            Map.entry(TIMEOUT, "1-2147483 seconds"),
            Map.entry(LISTLIMIT, ">= 1"),
            Map.entry(MAXMESSAGE, "64-268435455 bytes"),
            Map.entry(RATELIMIT, ">= 0 per second (0: no limit)"),
            Map.entry(MAXCLIENTS, ">= 1"),
            Map.entry(MAXSUBSCRIPTIONS, ">= 1"),
            Map.entry(HELLOTIMEOUT, "1-2147483 seconds"),
            Map.entry(MQTT_MAXSESSIONEXPIRY, "0-2147483 seconds"),
            Map.entry(MAXQUEUEDBYTES, ">= 65536 bytes"),
            Map.entry(MQTT_TOPICALIASMAX, "0-65535 (0: no topic aliases)"),
            Map.entry(MQTT_MAXKEEPALIVE, "1-65535 seconds"),
            Map.entry(PATH, "a path such as /watchbox: '/' then segments of letters, digits and -._~"
                    + " separated by single '/', no '/' at the end"),
            Map.entry(RETAINED_MAXCOUNT, ">= 1"),
            Map.entry(RETAINED_MAXBYTES, ">= 1024 bytes"));

    // Segments of unreserved URI characters: nothing a servlet mapping or a WebSocket path treats specially.
    private static final Pattern PATH_SYNTAX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    /** The contract's defaults. */
    public static final ValidSettings DEFAULTS = builder().build();

    private final int logginglevel;
    private final int timeout;
    private final int listlimit;
    private final int maxmessage;
    private final int ratelimit;
    private final int maxclients;
    private final int maxsubscriptions;
    private final int hellotimeout;
    private final int mqttmaxsessionexpiry;
    private final int maxqueuedbytes;
    private final int mqtttopicaliasmax;
    private final int mqttmaxkeepalive;
    private final String path;
    private final int retainedmaxcount;
    private final int retainedmaxbytes;

    private ValidSettings(Builder b) {
        logginglevel = check(LOGGINGLEVEL, b.logginglevel, 0, 3, RANGES.get(LOGGINGLEVEL));
        timeout = check(TIMEOUT, b.timeout, 1, Integer.MAX_VALUE / 1000, RANGES.get(TIMEOUT));
        listlimit = check(LISTLIMIT, b.listlimit, 1, Integer.MAX_VALUE, RANGES.get(LISTLIMIT));
        maxmessage = check(MAXMESSAGE, b.maxmessage, 64, Integer.MAX_VALUE / 8, RANGES.get(MAXMESSAGE));
        ratelimit = check(RATELIMIT, b.ratelimit, 0, Integer.MAX_VALUE, RANGES.get(RATELIMIT));
        maxclients = check(MAXCLIENTS, b.maxclients, 1, Integer.MAX_VALUE, RANGES.get(MAXCLIENTS));
        maxsubscriptions = check(MAXSUBSCRIPTIONS, b.maxsubscriptions, 1, Integer.MAX_VALUE, RANGES.get(MAXSUBSCRIPTIONS));
        maxqueuedbytes = check(MAXQUEUEDBYTES, b.maxqueuedbytes, 65536, Integer.MAX_VALUE, RANGES.get(MAXQUEUEDBYTES));
        mqtttopicaliasmax = check(MQTT_TOPICALIASMAX, b.mqtttopicaliasmax, 0, 0xFFFF, RANGES.get(MQTT_TOPICALIASMAX));
        mqttmaxkeepalive = check(MQTT_MAXKEEPALIVE, b.mqttmaxkeepalive, 1, 0xFFFF, RANGES.get(MQTT_MAXKEEPALIVE));
        hellotimeout = check(HELLOTIMEOUT, b.hellotimeout, 1, Integer.MAX_VALUE / 1000, RANGES.get(HELLOTIMEOUT));
        mqttmaxsessionexpiry = check(MQTT_MAXSESSIONEXPIRY, b.mqttmaxsessionexpiry, 0, Integer.MAX_VALUE / 1000,
                RANGES.get(MQTT_MAXSESSIONEXPIRY));
        if (b.path == null || !PATH_SYNTAX.matcher(b.path).matches() || b.path.contains("/./")
                || b.path.contains("/../") || b.path.endsWith("/.") || b.path.endsWith("/..")) {
            throw new InvalidSettingException(PATH, String.valueOf(b.path), RANGES.get(PATH));
        }
        path = b.path;
        retainedmaxcount = check(RETAINED_MAXCOUNT, b.retainedmaxcount, 1, Integer.MAX_VALUE, RANGES.get(RETAINED_MAXCOUNT));
        retainedmaxbytes = check(RETAINED_MAXBYTES, b.retainedmaxbytes, 1024, Integer.MAX_VALUE, RANGES.get(RETAINED_MAXBYTES));
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

    /** These settings as the broker's own: the same instance when they are already. */
    public static ValidSettings of(Settings settings) {
        return settings instanceof ValidSettings valid ? valid : builder().logginglevel(settings.logginglevel())
                .timeout(settings.timeout()).listlimit(settings.listlimit()).maxmessage(settings.maxmessage())
                .ratelimit(settings.ratelimit()).maxclients(settings.maxclients())
                .maxsubscriptions(settings.maxsubscriptions()).hellotimeout(settings.hellotimeout())
                .mqttmaxsessionexpiry(settings.mqttmaxsessionexpiry())
                .maxqueuedbytes(settings.maxqueuedbytes()).mqtttopicaliasmax(settings.mqtttopicaliasmax())
                .mqttmaxkeepalive(settings.mqttmaxkeepalive()).path(settings.path())
                .retainedmaxcount(settings.retainedmaxcount()).retainedmaxbytes(settings.retainedmaxbytes()).build();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().logginglevel(logginglevel).timeout(timeout).listlimit(listlimit).maxmessage(maxmessage)
                .ratelimit(ratelimit).maxclients(maxclients).maxsubscriptions(maxsubscriptions).hellotimeout(hellotimeout)
                .mqttmaxsessionexpiry(mqttmaxsessionexpiry)
                .maxqueuedbytes(maxqueuedbytes).mqtttopicaliasmax(mqtttopicaliasmax)
                .mqttmaxkeepalive(mqttmaxkeepalive).path(path).retainedmaxcount(retainedmaxcount).retainedmaxbytes(retainedmaxbytes);
    }

    @Override
    public int logginglevel() {
        return logginglevel;
    }

    @Override
    public int timeout() {
        return timeout;
    }

    @Override
    public long timeoutMillis() {
        return timeout * 1000L;
    }

    @Override
    public int listlimit() {
        return listlimit;
    }

    @Override
    public int maxmessage() {
        return maxmessage;
    }

    @Override
    public int ratelimit() {
        return ratelimit;
    }

    @Override
    public int maxclients() {
        return maxclients;
    }

    @Override
    public int maxsubscriptions() {
        return maxsubscriptions;
    }

    @Override
    public int maxqueuedbytes() {
        return maxqueuedbytes;
    }

    @Override
    public int hellotimeout() {
        return hellotimeout;
    }

    @Override
    public int mqtttopicaliasmax() {
        return mqtttopicaliasmax;
    }

    @Override
    public int mqttmaxkeepalive() {
        return mqttmaxkeepalive;
    }

    @Override
    public int mqttmaxsessionexpiry() {
        return mqttmaxsessionexpiry;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int retainedmaxcount() {
        return retainedmaxcount;
    }

    @Override
    public int retainedmaxbytes() {
        return retainedmaxbytes;
    }

    /** These settings with another {@link #logginglevel()}; throws {@link InvalidSettingException} when out of range. */
    public ValidSettings withLogginglevel(int value) {
        return toBuilder().logginglevel(value).build();
    }

    /** These settings with another {@link #timeout()}; throws {@link InvalidSettingException} when out of range. */
    public ValidSettings withTimeout(int value) {
        return toBuilder().timeout(value).build();
    }

    /** These settings with another {@link #listlimit()}; throws {@link InvalidSettingException} when out of range. */
    public ValidSettings withListlimit(int value) {
        return toBuilder().listlimit(value).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidSettings s && logginglevel == s.logginglevel && timeout == s.timeout
                && listlimit == s.listlimit && maxmessage == s.maxmessage && ratelimit == s.ratelimit
                && maxclients == s.maxclients && maxsubscriptions == s.maxsubscriptions && hellotimeout == s.hellotimeout
                && mqttmaxsessionexpiry == s.mqttmaxsessionexpiry
                && maxqueuedbytes == s.maxqueuedbytes && mqtttopicaliasmax == s.mqtttopicaliasmax
                && mqttmaxkeepalive == s.mqttmaxkeepalive && path.equals(s.path)
                && retainedmaxcount == s.retainedmaxcount && retainedmaxbytes == s.retainedmaxbytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(logginglevel, timeout, listlimit, maxmessage, ratelimit, maxclients, maxsubscriptions,
                hellotimeout, mqttmaxsessionexpiry, maxqueuedbytes, mqtttopicaliasmax, mqttmaxkeepalive, path, retainedmaxcount,
                retainedmaxbytes);
    }

    @Override
    public String toString() {
        return "Settings[logginglevel=" + logginglevel + ", timeout=" + timeout + ", listlimit=" + listlimit
                + ", maxmessage=" + maxmessage + ", ratelimit=" + ratelimit + ", maxclients=" + maxclients
                + ", maxsubscriptions=" + maxsubscriptions + ", hellotimeout=" + hellotimeout
                + ", mqttmaxsessionexpiry=" + mqttmaxsessionexpiry
                + ", maxqueuedbytes=" + maxqueuedbytes + ", mqtttopicaliasmax=" + mqtttopicaliasmax
                + ", mqttmaxkeepalive=" + mqttmaxkeepalive + ", path=" + path
                + ", retainedmaxcount=" + retainedmaxcount + ", retainedmaxbytes=" + retainedmaxbytes + "]";
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
        private int mqttmaxsessionexpiry = 3600;
        private int maxqueuedbytes = 1_048_576;
        private int mqtttopicaliasmax = 10;
        private int mqttmaxkeepalive = 1200;
        private String path = "/watchbox";
        private int retainedmaxcount = 10_000;
        private int retainedmaxbytes = 16_777_216;

        private Builder() {
        }

        /** @see ValidSettings#logginglevel() */
        public Builder logginglevel(int value) {
            logginglevel = value;
            return this;
        }

        /** @see ValidSettings#timeout() */
        public Builder timeout(int seconds) {
            timeout = seconds;
            return this;
        }

        /** @see ValidSettings#listlimit() */
        public Builder listlimit(int value) {
            listlimit = value;
            return this;
        }

        /** @see ValidSettings#maxmessage() */
        public Builder maxmessage(int bytes) {
            maxmessage = bytes;
            return this;
        }

        /** @see ValidSettings#ratelimit() */
        public Builder ratelimit(int perSecond) {
            ratelimit = perSecond;
            return this;
        }

        /** @see ValidSettings#maxclients() */
        public Builder maxclients(int value) {
            maxclients = value;
            return this;
        }

        /** @see ValidSettings#maxsubscriptions() */
        public Builder maxsubscriptions(int value) {
            maxsubscriptions = value;
            return this;
        }

        /** @see ValidSettings#hellotimeout() */
        public Builder hellotimeout(int seconds) {
            hellotimeout = seconds;
            return this;
        }

        /** @see ValidSettings#mqttmaxsessionexpiry() */
        public Builder mqttmaxsessionexpiry(int seconds) {
            mqttmaxsessionexpiry = seconds;
            return this;
        }

        /** @see ValidSettings#maxqueuedbytes() */
        public Builder maxqueuedbytes(int bytes) {
            maxqueuedbytes = bytes;
            return this;
        }

        /** @see ValidSettings#mqtttopicaliasmax() */
        public Builder mqtttopicaliasmax(int value) {
            mqtttopicaliasmax = value;
            return this;
        }

        /** @see ValidSettings#mqttmaxkeepalive() */
        public Builder mqttmaxkeepalive(int seconds) {
            mqttmaxkeepalive = seconds;
            return this;
        }

        /** @see ValidSettings#path() */
        public Builder path(String value) {
            path = value;
            return this;
        }

        /** @see ValidSettings#retainedmaxcount() */
        public Builder retainedmaxcount(int value) {
            retainedmaxcount = value;
            return this;
        }

        /** @see ValidSettings#retainedmaxbytes() */
        public Builder retainedmaxbytes(int bytes) {
            retainedmaxbytes = bytes;
            return this;
        }

        /**
         * The settings.
         *
         * @throws InvalidSettingException naming the first key whose value is out of range
         */
        public ValidSettings build() {
            return new ValidSettings(this);
        }
    }
}
