package io.watchbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.testing.Draw;
import io.watchbox.testing.Seeded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GroupFilter against brute force: every group of up to six levels over {a, $b, c}, where the
 * filters use only a and $b. The third value stands for every level value no filter names, which
 * is what makes six levels and three values enough to decide for all groups; $b stands for the
 * levels that start with $, which a wildcard in the first level does not match.
 */
class GroupFilterPropertyTest {

    private static final List<String> GROUPS = groups(6);
    private static final int TRIES = 2000;

    record Covering(List<String> allowed, String asked) {
    }

    record FilterPair(String a, String b) {
    }

    record Match(String filter, String group) {
    }

    @Test
    void coveredByAgreesWithEnumeration() {
        Seeded.forAll(TRIES, r -> new Covering(Draw.list(r, 3, GroupFilterPropertyTest::filter), filter(r)), c -> {
            boolean expected = GROUPS.stream().filter(g -> matchesByHand(c.asked(), g))
                    .allMatch(g -> c.allowed().stream().anyMatch(a -> matchesByHand(a, g)));

            assertEquals(expected, GroupFilter.coveredBy(c.allowed(), c.asked()), () -> c.allowed() + " covers " + c.asked());
        });
    }

    @Test
    void overlapsAgreesWithEnumeration() {
        Seeded.forAll(TRIES, r -> new FilterPair(filter(r), filter(r)), p -> {
            boolean expected = GROUPS.stream().anyMatch(g -> matchesByHand(p.a(), g) && matchesByHand(p.b(), g));

            assertEquals(expected, GroupFilter.overlaps(p.a(), p.b()), () -> p.a() + " overlaps " + p.b());
        });
    }

    @Test
    void matchesAgreesWithTheHandWrittenMatcher() {
        Seeded.forAll(TRIES, r -> new Match(filter(r), Draw.oneOf(r, GROUPS)), m ->
                assertEquals(matchesByHand(m.filter(), m.group()), GroupFilter.matches(m.filter(), m.group()),
                        () -> m.filter() + " matches " + m.group()));
    }

    @Test
    void matchesAgreesWithTheSubsetCheckOnGroupsWithEmptyLevelsToo() {
        Seeded.forAll(TRIES, r -> new Match(String.join("/", Draw.list(r, 1, 4, x -> Draw.oneOf(x, "a", "", "+", "#", "$b"))),
                String.join("/", Draw.list(r, 1, 5, x -> Draw.oneOf(x, "a", "", "$b", "c")))), m ->
                assertEquals(GroupFilter.coveredBy(List.of(m.filter()), m.group()), GroupFilter.matches(m.filter(), m.group()),
                        () -> m.filter() + " matches " + m.group()));
    }

    /** One to four levels of a, $b or +, then a # or not. */
    private static String filter(Random random) {
        List<String> levels = Draw.list(random, 1, 4, r -> Draw.oneOf(r, "a", "$b", "+"));
        if (random.nextBoolean()) {
            levels.add("#");
        }
        return String.join("/", levels);
    }

    /**
     * The reference: MQTT matching written the plain way, '#' also matching its parent level, and
     * neither wildcard matching a first level that starts with $.
     */
    private static boolean matchesByHand(String filter, String group) {
        String[] f = filter.split("/", -1);
        String[] g = group.split("/", -1);
        if ((f[0].equals("+") || f[0].equals("#")) && g[0].startsWith("$")) {
            return false;
        }
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
        List<String> current = List.of("a", "$b", "c");
        groups.addAll(current);
        for (int depth = 2; depth <= maxLevels; depth++) {
            List<String> next = new ArrayList<>();
            for (String prefix : current) {
                for (String level : List.of("a", "$b", "c")) {
                    next.add(prefix + "/" + level);
                }
            }
            groups.addAll(next);
            current = next;
        }
        return groups;
    }
}
