package io.watchbox.internal.cluster;

/**
 * Where groups travel in Redis: each group on its own channel {@code <name>:g:<group>}, so that
 * Redis sends a message only to the replicas that listen to its group. A filter without wildcards
 * is listened to as its channel ({@code SUBSCRIBE}), one with wildcards as a glob pattern
 * ({@code PSUBSCRIBE}) that matches at least the groups the filter matches: {@code +} becomes
 * {@code *}, which may also match several levels, and {@code a/#} becomes {@code a*}. What a
 * pattern lets through beyond the filter is dropped by the receiving replica's own matching.
 */
final class GroupChannels {

    /** The filter that matches every group: what a replica listens to while a session moves in. */
    static final String EVERYTHING = "#";

    /** A channel or a pattern, as Redis knows it: two filters may share one ({@code +} and {@code #}). */
    record Subscription(boolean pattern, String name) {

        boolean covers(String channel) {
            return pattern ? Glob.matches(name, channel) : name.equals(channel);
        }
    }

    private final String prefix;

    GroupChannels(String clusterName) {
        this.prefix = clusterName + ":g:";
    }

    /** The channel a message to this group is published on. */
    String channel(String group) {
        return prefix + group;
    }

    /** The channel or pattern that carries what the filter matches. */
    Subscription subscription(String filter) {
        boolean rest = filter.equals("#") || filter.endsWith("/#");
        if (!rest && !("/" + filter + "/").contains("/+/")) {
            return new Subscription(false, channel(filter));
        }
        String levels = filter.equals("#") ? "" : rest ? filter.substring(0, filter.length() - 2) : filter;
        StringBuilder glob = new StringBuilder(prefix.length() + levels.length() + 8);
        escape(prefix, glob);
        String[] split = levels.isEmpty() ? new String[0] : levels.split("/", -1);
        for (int i = 0; i < split.length; i++) {
            if (i > 0) {
                glob.append('/');
            }
            if (split[i].equals("+")) {
                glob.append('*');
            } else {
                escape(split[i], glob);
            }
        }
        if (rest) {
            glob.append('*'); // the parent itself and everything below it
        }
        return new Subscription(true, glob.toString());
    }

    /** Redis glob patterns give {@code * ? [ ] \} a meaning; a group may hold them literally. */
    private static void escape(String literal, StringBuilder glob) {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                glob.append('\\');
            }
            glob.append(c);
        }
    }
}
