package io.watchbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * GroupFilter against brute force: every group of up to six levels over {a, b, c}, where the
 * filters use only a and b. The third letter stands for every level value no filter names, which
 * is what makes six levels and three letters enough to decide for all groups.
 */
class GroupFilterPropertyTest {

    private static final List<String> GROUPS = groups(6);

    @Property(tries = 2000)
    void coveredByAgreesWithEnumeration(@ForAll("filterLists") List<String> allowed,
                                        @ForAll("filters") String asked) {
        boolean expected = GROUPS.stream().filter(g -> matchesByHand(asked, g))
                .allMatch(g -> allowed.stream().anyMatch(a -> matchesByHand(a, g)));

        assertEquals(expected, GroupFilter.coveredBy(allowed, asked), () -> allowed + " covers " + asked);
    }

    @Property(tries = 2000)
    void overlapsAgreesWithEnumeration(@ForAll("filters") String a, @ForAll("filters") String b) {
        boolean expected = GROUPS.stream().anyMatch(g -> matchesByHand(a, g) && matchesByHand(b, g));

        assertEquals(expected, GroupFilter.overlaps(a, b), () -> a + " overlaps " + b);
    }

    @Property(tries = 2000)
    void matchesAgreesWithTheHandWrittenMatcher(@ForAll("filters") String filter, @ForAll("groups") String group) {
        assertEquals(matchesByHand(filter, group), GroupFilter.matches(filter, group), () -> filter + " matches " + group);
    }

    @Provide
    Arbitrary<String> filters() {
        Arbitrary<List<String>> levels = Arbitraries.of("a", "b", "+").list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(levels, Arbitraries.of(true, false)).as((l, hash) -> {
            List<String> all = new ArrayList<>(l);
            if (hash) {
                all.add("#");
            }
            return String.join("/", all);
        }).filter(f -> !f.isEmpty());
    }

    @Provide
    Arbitrary<List<String>> filterLists() {
        return filters().list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> groups() {
        return Arbitraries.of(GROUPS);
    }

    /** The reference: MQTT matching written the plain way, '#' also matching its parent level. */
    private static boolean matchesByHand(String filter, String group) {
        String[] f = filter.split("/", -1);
        String[] g = group.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return g.length >= i;
            }
            if (i >= g.length || !f[i].equals("+") && !f[i].equals(g[i])) {
                return false;
            }
        }
        return f.length == g.length;
    }

    private static List<String> groups(int maxLevels) {
        List<String> groups = new ArrayList<>();
        List<String> current = List.of("a", "b", "c");
        groups.addAll(current);
        for (int depth = 2; depth <= maxLevels; depth++) {
            List<String> next = new ArrayList<>();
            for (String prefix : current) {
                for (String level : List.of("a", "b", "c")) {
                    next.add(prefix + "/" + level);
                }
            }
            groups.addAll(next);
            current = next;
        }
        return groups;
    }
}
