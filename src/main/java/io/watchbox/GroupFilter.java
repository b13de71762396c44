package io.watchbox;

import io.watchbox.internal.routing.GroupName;
import java.util.Collection;
import java.util.List;

/**
 * Set questions about group filters ({@code +} one level, {@code #} the rest of the levels and
 * the parent, as in MQTT, where neither matches a first level that starts with {@code $}), for authorizers. Prefix checks are wrong here: a rule that refuses
 * filters starting with {@code it/secret/} lets {@code it/#} through, which matches
 * {@code it/secret/x}. Ask instead whether a filter is {@link #coveredBy covered} by what is
 * allowed, or whether it {@link #overlaps overlaps} what is not.
 *
 * <p>The answers are exact for every group of at most 16 levels, the most a group may have.
 * Arguments are not checked: pass filters that follow the group rules. Thread-safe; no state.
 */
public final class GroupFilter {

    private GroupFilter() {
    }

    /**
     * Whether a filter matches a group.
     *
     * @param filter a group filter, with or without wildcards
     * @param group  a group name without wildcards
     * @return whether a subscription to {@code filter} receives messages published to {@code group}
     */
    public static boolean matches(String filter, String group) {
        if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0 || levels(group) > GroupName.MAX_LEVELS) {
            return coveredBy(List.of(filter), group); // not a group: the general check decides, as it always did
        }
        // Level by level, without splitting: this runs for every delivery to an MQTT session.
        int f = 0;
        int g = 0;
        boolean groupDone = false;
        for (int level = 0; ; level++) {
            int filterEnd = levelEnd(filter, f);
            boolean lastOfFilter = filterEnd == filter.length();
            if (lastOfFilter && isWildcard(filter, f, filterEnd, '#')) {
                // The rest, or nothing (sport/# matches sport), but not a first level that starts with $.
                return level > 0 || group.isEmpty() || group.charAt(0) != '$';
            }
            if (groupDone) {
                return false;
            }
            int groupEnd = levelEnd(group, g);
            if (isWildcard(filter, f, filterEnd, '+')) {
                if (level == 0 && groupEnd > g && group.charAt(g) == '$') {
                    return false;
                }
            } else if (filterEnd - f != groupEnd - g || !filter.regionMatches(f, group, g, filterEnd - f)) {
                return false;
            }
            boolean lastOfGroup = groupEnd == group.length();
            if (lastOfFilter) {
                return lastOfGroup;
            }
            f = filterEnd + 1;
            if (lastOfGroup) {
                groupDone = true;
            } else {
                g = groupEnd + 1;
            }
        }
    }

    private static int levelEnd(String name, int start) {
        int slash = name.indexOf('/', start);
        return slash < 0 ? name.length() : slash;
    }

    private static boolean isWildcard(String filter, int start, int end, char wildcard) {
        return end - start == 1 && filter.charAt(start) == wildcard;
    }

    private static int levels(String name) {
        int levels = 1;
        for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
            levels++;
        }
        return levels;
    }

    /**
     * Whether every group that {@code filter} matches is matched by at least one of
     * {@code allowed}: the subset check an ACL makes before it lets a subscription in.
     *
     * @param allowed the filters that are allowed
     * @param filter  the filter asked for
     * @return true only if {@code filter} can never match a group outside {@code allowed}
     */
    public static boolean coveredBy(Collection<String> allowed, String filter) {
        String[] asked = filter.split("/", -1);
        List<String[]> patterns = allowed.stream().map(p -> p.split("/", -1)).toList();
        for (int depth = 1; depth <= GroupName.MAX_LEVELS; depth++) {
            String[] wanted = atDepth(asked, depth);
            int d = depth;
            // The level values are unbounded, so a union covers the groups of one depth only if one member does.
            if (wanted != null && patterns.stream().noneMatch(p -> covers(atDepth(p, d), wanted))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether some group is matched by both filters: the check a rule that denies makes.
     *
     * @param a a filter
     * @param b another filter
     * @return whether a group exists that both match
     */
    public static boolean overlaps(String a, String b) {
        String[] first = a.split("/", -1);
        String[] second = b.split("/", -1);
        for (int depth = 1; depth <= GroupName.MAX_LEVELS; depth++) {
            String[] x = atDepth(first, depth);
            String[] y = atDepth(second, depth);
            if (x != null && y != null && compatible(x, y)) {
                return true;
            }
        }
        return false;
    }

    /** The filter's levels for groups of exactly this depth ('#' as '+'s), or null if it matches none. */
    private static String[] atDepth(String[] levels, int depth) {
        boolean rest = levels[levels.length - 1].equals("#");
        int fixed = rest ? levels.length - 1 : levels.length;
        if (rest ? depth < fixed : depth != fixed) {
            return null;
        }
        String[] expanded = new String[depth];
        for (int i = 0; i < depth; i++) {
            expanded[i] = i < fixed ? levels[i] : "+";
        }
        return expanded;
    }

    private static boolean covers(String[] pattern, String[] wanted) {
        if (pattern == null) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (pattern[i].equals("+") ? !wildcardTakes(i, wanted[i])
                    : wanted[i].equals("+") || !pattern[i].equals(wanted[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean compatible(String[] x, String[] y) {
        for (int i = 0; i < x.length; i++) {
            boolean fits = x[i].equals("+") ? wildcardTakes(i, y[i])
                    : y[i].equals("+") ? wildcardTakes(i, x[i]) : x[i].equals(y[i]);
            if (!fits) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a wildcard at level {@code i} takes this level: as in MQTT (MQTT-4.7.2-1), one in the
     * first level does not take a level that starts with {@code $}, so {@code #} leaves {@code $SYS/x} alone.
     */
    private static boolean wildcardTakes(int i, String level) {
        return i > 0 || level.equals("+") || !level.startsWith("$");
    }
}
