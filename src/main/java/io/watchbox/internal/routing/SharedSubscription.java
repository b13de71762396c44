package io.watchbox.internal.routing;

/**
 * A shared subscription, {@code $share/NAME/FILTER} (MQTT 5.0, and 3.1.1 as most brokers do): the
 * sessions that subscribe with the same NAME and FILTER form one share, and each message FILTER
 * matches goes to one of them. NAME is one non-empty level without wildcards; FILTER follows the
 * rules of any filter. Any subscriber may use one: JSON sessions as well as MQTT ones.
 *
 * @param name   the share's name
 * @param filter the filter that decides which groups the share receives
 */
public record SharedSubscription(String name, String filter) {

    public static final String PREFIX = "$share/";

    /** Whether the pattern names a share, valid or not: such a pattern is never an ordinary filter. */
    public static boolean isShared(String pattern) {
        return pattern.startsWith(PREFIX);
    }

    /**
     * The share a pattern names.
     *
     * @throws BadGroupException when NAME or FILTER breaks the rules, or the pattern is not {@code $share/...}
     */
    public static SharedSubscription parse(String pattern) throws BadGroupException {
        if (!isShared(pattern)) {
            throw new BadGroupException("a shared subscription starts with " + PREFIX);
        }
        int slash = pattern.indexOf('/', PREFIX.length());
        if (slash < 0) {
            throw new BadGroupException("a shared subscription is $share/NAME/FILTER: the filter is missing");
        }
        String name = pattern.substring(PREFIX.length(), slash);
        if (name.isEmpty()) {
            throw new BadGroupException("the name of a shared subscription must not be empty");
        }
        if (name.indexOf('+') >= 0 || name.indexOf('#') >= 0) {
            throw new BadGroupException("the name of a shared subscription must not contain '+' or '#'");
        }
        GroupName.checkTopic(name);
        String filter = pattern.substring(slash + 1);
        if (isShared(filter)) {
            throw new BadGroupException("a shared subscription cannot share another one");
        }
        GroupName.checkOrdinaryFilter(filter);
        return new SharedSubscription(name, filter);
    }

    /**
     * The filter that decides which groups a subscription pattern receives: FILTER for a share, the
     * pattern itself otherwise. What the cluster listens to, what authorizers judge, what matches.
     */
    public static String routed(String pattern) {
        if (!isShared(pattern)) {
            return pattern;
        }
        int slash = pattern.indexOf('/', PREFIX.length());
        return slash < 0 ? pattern : pattern.substring(slash + 1);
    }

    /** The pattern a subscriber gives for this share. */
    public String pattern() {
        return PREFIX + name + "/" + filter;
    }
}
