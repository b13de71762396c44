package io.watchbox.internal.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TopicTreeTest {

    private final TopicTree<String> tree = new TopicTree<>();

    @Test
    void exactPatternMatchesOnlyItsOwnGroup() {
        tree.subscribe("sensors/kitchen", "alice");

        assertEquals(Set.of("alice"), tree.match("sensors/kitchen"));
        assertEquals(Set.of(), tree.match("sensors"));
        assertEquals(Set.of(), tree.match("sensors/kitchen/temp"));
        assertEquals(Set.of(), tree.match("sensors/kitchenette"));
        assertEquals(Set.of(), tree.match("Sensors/kitchen"));
    }

    @Test
    void plusMatchesExactlyOneLevel() {
        tree.subscribe("a/+/c", "alice");

        assertEquals(Set.of("alice"), tree.match("a/b/c"));
        assertEquals(Set.of("alice"), tree.match("a/xyz/c"));
        assertEquals(Set.of(), tree.match("a/c"));
        assertEquals(Set.of(), tree.match("a/b/x/c"));
        assertEquals(Set.of(), tree.match("a/b"));
        assertEquals(Set.of(), tree.match("a/b/c/d"));
    }

    @Test
    void plusMatchesAnEmptyLevel() {
        tree.subscribe("a/+/c", "alice");
        tree.subscribe("a/+", "bob");
        tree.subscribe("+/b", "carol");

        assertEquals(Set.of("alice"), tree.match("a//c"));
        assertEquals(Set.of("bob"), tree.match("a/"));
        assertEquals(Set.of("carol"), tree.match("/b"));
    }

    @Test
    void plusAloneMatchesSingleLevelGroupsOnly() {
        tree.subscribe("+", "alice");

        assertEquals(Set.of("alice"), tree.match("a"));
        assertEquals(Set.of(), tree.match("a/b"));
        assertEquals(Set.of(), tree.match("/"));
    }

    @Test
    void hashMatchesTheRestIncludingTheParentLevel() {
        tree.subscribe("a/#", "alice");

        assertEquals(Set.of("alice"), tree.match("a"));
        assertEquals(Set.of("alice"), tree.match("a/"));
        assertEquals(Set.of("alice"), tree.match("a/b"));
        assertEquals(Set.of("alice"), tree.match("a/b/c/d"));
        assertEquals(Set.of(), tree.match("ab"));
        assertEquals(Set.of(), tree.match("b/a"));
    }

    @Test
    void aWildcardInTheFirstLevelDoesNotMatchADollarGroup() {
        tree.subscribe("#", "hash");
        tree.subscribe("+/status", "plus");
        tree.subscribe("$SYS/#", "sys");
        tree.subscribe("$SYS/+", "sysPlus");

        assertEquals(Set.of("sys", "sysPlus"), tree.match("$SYS/status"));
        assertEquals(Set.of("hash", "plus"), tree.match("SYS/status"));
        assertEquals(Set.of("hash"), tree.match("a$/b"));
    }

    @Test
    void hashAloneMatchesEveryGroup() {
        tree.subscribe("#", "alice");

        for (String group : List.of("a", "a/b/c", "/", "x//y", "sensors/kitchen/temp", "😀")) {
            assertEquals(Set.of("alice"), tree.match(group), group);
        }
    }

    @Test
    void plusFollowedByHashNeedsTheLevelBeforeIt() {
        tree.subscribe("a/+/#", "alice");

        assertEquals(Set.of("alice"), tree.match("a/b"));
        assertEquals(Set.of("alice"), tree.match("a/b/c/d"));
        assertEquals(Set.of(), tree.match("a"));
    }

    @Test
    void subscriberMatchedBySeveralPatternsIsReturnedOnce() {
        for (String pattern : List.of("a/b", "a/+", "+/b", "+/+", "a/#", "#", "+/#", "a/b/#")) {
            tree.subscribe(pattern, "alice");
        }
        tree.subscribe("a/b", "bob");
        tree.subscribe("#", "bob");

        assertEquals(Set.of("alice", "bob"), tree.match("a/b"));
        assertEquals(Set.of("alice", "bob"), tree.match("a"));
    }

    @Test
    void subscribingTwiceIsReportedAndChangesNothing() {
        assertTrue(tree.subscribe("a/b", "alice"));
        assertFalse(tree.subscribe("a/b", "alice"));
        assertTrue(tree.subscribe("a/b", "bob"));

        assertTrue(tree.unsubscribe("a/b", "alice"));
        assertEquals(Set.of("bob"), tree.match("a/b"));
    }

    @Test
    void unsubscribeRemovesOnlyThatPatternOfThatSubscriber() {
        tree.subscribe("a/b", "alice");
        tree.subscribe("a/+", "alice");
        tree.subscribe("a/+", "bob");

        assertTrue(tree.unsubscribe("a/+", "alice"));

        assertEquals(Set.of("alice", "bob"), tree.match("a/b"));
        assertEquals(Set.of("bob"), tree.match("a/c"));
    }

    @Test
    void unsubscribingWhatIsNotThereIsReportedAndHarmless() {
        tree.subscribe("a/b", "alice");

        assertFalse(tree.unsubscribe("a/b", "bob"));
        assertFalse(tree.unsubscribe("a/c", "alice"));
        assertFalse(tree.unsubscribe("a", "alice"));
        assertFalse(tree.unsubscribe("a/b/c", "alice"));

        assertEquals(Set.of("alice"), tree.match("a/b"));
        assertEquals(Set.of("a", "a/b"), branches(tree));
    }

    @Test
    void unsubscribePrunesBranchesLeftEmpty() {
        tree.subscribe("a/b/c", "alice");
        tree.subscribe("a/b/#", "alice");
        tree.subscribe("x/+/z", "bob");
        tree.subscribe("a/d", "bob");

        tree.unsubscribe("a/b/c", "alice");
        tree.unsubscribe("a/b/#", "alice");
        tree.unsubscribe("x/+/z", "bob");

        assertEquals(Set.of("a", "a/d"), branches(tree));

        tree.unsubscribe("a/d", "bob");
        assertEquals(Set.of(), branches(tree));
    }

    @Test
    void aBranchThatStillHoldsASubscriberIsKept() {
        tree.subscribe("a", "alice");
        tree.subscribe("a/b", "bob");

        tree.unsubscribe("a/b", "bob");

        assertEquals(Set.of("a"), branches(tree));
        assertEquals(Set.of("alice"), tree.match("a"));
    }

    @Test
    void concurrentSubscribesUnsubscribesAndMatchesStayConsistent() throws Exception {
        int threads = 8;
        int rounds = 2_000;
        tree.subscribe("#", "everyone");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String me = "client-" + t;
                results.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        String group = "room/" + (i % 7) + "/" + me;
                        String pattern = i % 2 == 0 ? group : "room/+/" + me;
                        assertTrue(tree.subscribe(pattern, me));
                        Set<String> matched = tree.match(group);
                        assertTrue(matched.contains(me), () -> me + " lost its own subscription to " + pattern);
                        assertTrue(matched.contains("everyone"));
                        assertTrue(tree.unsubscribe(pattern, me));
                        assertFalse(tree.match(group).contains(me));
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(Set.of("#"), branches(tree));
    }

    /** Every node below the root, as its path: shows what the tree holds beyond what match reveals. */
    private static Set<String> branches(TopicTree<?> tree) {
        Set<String> paths = new TreeSet<>();
        collect(field(tree, "root"), "", paths);
        return paths;
    }

    private static void collect(Object node, String path, Set<String> paths) {
        Map<?, ?> children = field(node, "children");
        for (Map.Entry<?, ?> child : children.entrySet()) {
            String childPath = path.isEmpty() ? (String) child.getKey() : path + "/" + child.getKey();
            paths.add(childPath);
            collect(child.getValue(), childPath, paths);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Object owner, String name) {
        try {
            Field field = owner.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return (T) field.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("TopicTree changed shape: " + e, e);
        }
    }

    @Test
    void subscriberCountsListEveryPatternWithSubscribersSorted() {
        tree.subscribe("a/+/c", "alice");
        tree.subscribe("a/+/c", "bob");
        tree.subscribe("a", "alice");
        tree.subscribe("a/#", "carol");
        tree.subscribe("/", "dave");
        tree.subscribe("x//y", "erin");

        assertEquals(Map.of("/", 1, "a", 1, "a/#", 1, "a/+/c", 2, "x//y", 1), tree.subscriberCounts());
        assertEquals(List.of("/", "a", "a/#", "a/+/c", "x//y"), new ArrayList<>(tree.subscriberCounts().keySet()));
    }

    @Test
    void subscriberCountsForgetWhatIsUnsubscribed() {
        tree.subscribe("a/b", "alice");
        tree.subscribe("a/b", "bob");
        tree.unsubscribe("a/b", "alice");

        assertEquals(Map.of("a/b", 1), tree.subscriberCounts());

        tree.unsubscribe("a/b", "bob");

        assertTrue(tree.subscriberCounts().isEmpty());
    }

    @Test
    void subscriberCountsIsASnapshot() {
        tree.subscribe("a", "alice");
        Map<String, Integer> before = tree.subscriberCounts();

        tree.subscribe("b", "bob");

        assertEquals(Map.of("a", 1), before);
    }
}
