package io.watchbox.config;

/**
 * Validated broker settings. Every constructor checks its ranges, so an instance is always valid.
 *
 * @param logginglevel 3 all, 2 server events and errors, 1 errors, 0 none
 * @param timeout      seconds before a silent or vanished client's session ends
 * @param listlimit    messages kept per session
 * @param maxmessage   largest frame or REST body, in bytes
 * @param ratelimit    publishes per second one session may make (bursts of one second's worth); 0 is no limit
 * @param maxclients   sessions alive at once, connected or waiting for a resume
 * @param maxsubscriptions subscriptions per session
 */
public record Settings(int logginglevel, int timeout, int listlimit, int maxmessage, int ratelimit, int maxclients,
                       int maxsubscriptions) {

    public static final String LOGGINGLEVEL = "watchbox.logginglevel";
    public static final String TIMEOUT = "watchbox.timeout";
    public static final String LISTLIMIT = "watchbox.listlimit";
    public static final String MAXMESSAGE = "watchbox.maxmessage";
    public static final String RATELIMIT = "watchbox.ratelimit";
    public static final String MAXCLIENTS = "watchbox.maxclients";
    public static final String MAXSUBSCRIPTIONS = "watchbox.maxsubscriptions";

    public static final Settings DEFAULTS = new Settings(3, 10, 50, 65536, 0, 10_000, 100);

    public Settings {
        check(LOGGINGLEVEL, logginglevel, 0, 3, "0-3");
        check(TIMEOUT, timeout, 1, Integer.MAX_VALUE / 1000, "1-2147483 seconds");
        check(LISTLIMIT, listlimit, 1, Integer.MAX_VALUE, ">= 1");
        check(MAXMESSAGE, maxmessage, 64, Integer.MAX_VALUE / 8, "64-268435455 bytes");
        check(RATELIMIT, ratelimit, 0, Integer.MAX_VALUE, ">= 0 per second (0: no limit)");
        check(MAXCLIENTS, maxclients, 1, Integer.MAX_VALUE, ">= 1");
        check(MAXSUBSCRIPTIONS, maxsubscriptions, 1, Integer.MAX_VALUE, ">= 1");
    }

    /** Parses the raw configuration values, so a non-number gets a message naming its key too. */
    public static Settings parse(String logginglevel, String timeout, String listlimit, String maxmessage,
                                 String ratelimit, String maxclients, String maxsubscriptions) {
        return new Settings(
                parse(LOGGINGLEVEL, logginglevel, "0-3"),
                parse(TIMEOUT, timeout, "1-2147483 seconds"),
                parse(LISTLIMIT, listlimit, ">= 1"),
                parse(MAXMESSAGE, maxmessage, "64-268435455 bytes"),
                parse(RATELIMIT, ratelimit, ">= 0 per second (0: no limit)"),
                parse(MAXCLIENTS, maxclients, ">= 1"),
                parse(MAXSUBSCRIPTIONS, maxsubscriptions, ">= 1"));
    }

    public Settings withLogginglevel(int value) {
        return new Settings(value, timeout, listlimit, maxmessage, ratelimit, maxclients, maxsubscriptions);
    }

    public Settings withTimeout(int value) {
        return new Settings(logginglevel, value, listlimit, maxmessage, ratelimit, maxclients, maxsubscriptions);
    }

    public Settings withListlimit(int value) {
        return new Settings(logginglevel, timeout, value, maxmessage, ratelimit, maxclients, maxsubscriptions);
    }

    public long timeoutMillis() {
        return timeout * 1000L;
    }

    private static int parse(String key, String raw, String range) {
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidSettingException(key, raw, range);
        }
    }

    private static void check(String key, int value, int min, int max, String range) {
        if (value < min || value > max) {
            throw new InvalidSettingException(key, Integer.toString(value), range);
        }
    }
}
