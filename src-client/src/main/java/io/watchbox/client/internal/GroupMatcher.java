package io.watchbox.client.internal;

/**
 * MQTT topic-filter matching on group names: {@code +} matches exactly one level, {@code #}
 * (last level only) matches the rest, including the parent level itself ({@code a/#} matches
 * {@code a}).
 */
public final class GroupMatcher {

    private GroupMatcher() {
    }

    public static boolean matches(String pattern, String group) {
        String[] filter = pattern.split("/", -1);
        String[] levels = group.split("/", -1);
        for (int i = 0; i < filter.length; i++) {
            if (filter[i].equals("#")) {
                return true;
            }
            if (i >= levels.length) {
                return false;
            }
            if (!filter[i].equals("+") && !filter[i].equals(levels[i])) {
                return false;
            }
        }
        return filter.length == levels.length;
    }
}
