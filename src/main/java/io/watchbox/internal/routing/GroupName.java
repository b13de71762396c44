package io.watchbox.internal.routing;

/**
 * The rules for group names: 1-128 characters, levels separated by {@code /} as in MQTT topics,
 * at most {@value #MAX_LEVELS} levels, {@code +} and {@code #} reserved for wildcard
 * subscriptions, no control characters. The level bound keeps what one subscription costs the
 * subscription tree small: 128 characters could otherwise make 128 empty levels.
 */
public final class GroupName {

    public static final int MAX_LENGTH = 128;
    public static final int MAX_LEVELS = 16;

    private GroupName() {
    }

    /** Checks a group a message is published to: no wildcards. */
    public static void checkTopic(String group) throws BadGroupException {
        checkCharacters(group);
        if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
            throw new BadGroupException("'+' and '#' are only allowed in subscriptions");
        }
        if (SharedSubscription.isShared(group)) {
            // No filter could match it: $share/ patterns are shares, and wildcards leave $ levels alone.
            throw new BadGroupException("'$share/' starts a shared subscription, not a group");
        }
    }

    /**
     * Checks a subscription pattern: {@code +} fills a whole level, {@code #} only the whole last
     * level; {@code $share/NAME/FILTER} is a shared subscription ({@link SharedSubscription}).
     */
    public static void checkFilter(String filter) throws BadGroupException {
        if (filter != null && SharedSubscription.isShared(filter)) {
            SharedSubscription.parse(filter);
            return;
        }
        checkOrdinaryFilter(filter);
    }

    /** Checks a filter that is not a shared subscription. */
    static void checkOrdinaryFilter(String filter) throws BadGroupException {
        checkCharacters(filter);
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#")) {
                if (i != levels.length - 1) {
                    throw new BadGroupException("'#' is only allowed as the last level");
                }
            } else if (!level.equals("+") && (level.indexOf('+') >= 0 || level.indexOf('#') >= 0)) {
                throw new BadGroupException("'+' and '#' must fill a whole level");
            }
        }
    }

    private static void checkCharacters(String group) throws BadGroupException {
        if (group == null || group.isEmpty()) {
            throw new BadGroupException("a group name must not be empty");
        }
        int length = 0;
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < group.length() && Character.isLowSurrogate(group.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new BadGroupException("a group name must be valid UTF-16 text (lone surrogate)");
            } else if (Character.isISOControl(c)) {
                throw new BadGroupException("a group name must not contain control characters");
            }
            length++;
        }
        if (length > MAX_LENGTH) {
            throw new BadGroupException("a group name has at most " + MAX_LENGTH + " characters, not " + length);
        }
        long levels = group.chars().filter(c -> c == '/').count() + 1;
        if (levels > MAX_LEVELS) {
            throw new BadGroupException("a group name has at most " + MAX_LEVELS + " levels, not " + levels);
        }
    }
}
