package io.watchbox.internal.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SharingIndexTest {

    private final Set<String> offline = new HashSet<>();
    private final SharingIndex<String> index = new SharingIndex<>(new TopicTree<>(), member -> !offline.contains(member));

    @Test
    void eachMessageGoesToOneMemberInTurn() {
        index.subscribe("$share/workers/jobs/+", "w1");
        index.subscribe("$share/workers/jobs/+", "w2");
        index.subscribe("$share/workers/jobs/+", "w3");

        List<String> takers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Set<String> matched = index.match("jobs/" + i);
            assertEquals(1, matched.size(), "one member per message: " + matched);
            takers.addAll(matched);
        }

        assertEquals(List.of("w1", "w2", "w3", "w1", "w2", "w3"), takers);
    }

    @Test
    void ordinarySubscribersAndEachShareGetTheirCopy() {
        index.subscribe("jobs/#", "auditor");
        index.subscribe("$share/a/jobs/#", "a1");
        index.subscribe("$share/a/jobs/#", "a2");
        index.subscribe("$share/b/jobs/new", "b1");

        assertEquals(Set.of("auditor", "a1", "b1"), index.match("jobs/new"));
        assertEquals(Set.of("auditor", "a2"), index.match("jobs/old"));
    }

    @Test
    void inTwoStepsTheOrdinarySubscribersComeFirstAndEachShareGivesAMemberWhenAsked() {
        index.subscribe("jobs/#", "auditor");
        index.subscribe("$share/a/jobs/#", "a1");
        index.subscribe("$share/a/jobs/#", "a2");
        index.subscribe("$share/b/jobs/new", "b1");
        SharedSubscription a = new SharedSubscription("a", "jobs/#");

        assertEquals(Set.of("auditor"), index.matchOrdinary("jobs/new"));
        assertEquals(Set.of(a, new SharedSubscription("b", "jobs/new")), Set.copyOf(index.sharesMatching("jobs/new")));
        assertEquals(List.of(a), index.sharesMatching("jobs/old"));
        assertEquals(List.of("a1", "a2", "a1"), List.of(index.take(a), index.take(a), index.take(a)),
                "the same turns as match takes");
    }

    @Test
    void aShareKnowsWhetherAMemberIsFreeAndGivesNoneOnceItsMembersLeft() {
        index.subscribe("$share/a/jobs", "a1");
        index.subscribe("$share/a/jobs", "a2");
        SharedSubscription a = new SharedSubscription("a", "jobs");
        offline.add("a1");
        assertTrue(index.anyAvailable(a));
        assertEquals("a2", index.take(a), "the free one");

        offline.add("a2");
        assertFalse(index.anyAvailable(a));
        index.unsubscribe("$share/a/jobs", "a1");
        index.unsubscribe("$share/a/jobs", "a2");

        assertFalse(index.anyAvailable(a));
        assertEquals(null, index.take(a));
        assertEquals(List.of(), index.sharesMatching("jobs"));
    }

    @Test
    void theSameNameWithAnotherFilterIsAnotherShare() {
        index.subscribe("$share/g/x", "m1");
        index.subscribe("$share/g/+", "m2");

        assertEquals(Set.of("m1", "m2"), index.match("x"));
    }

    @Test
    void aShareDoesNotMatchItsOwnPatternAsAGroup() {
        index.subscribe("$share/g/a", "m1");

        assertEquals(Set.of(), index.match("$share/g/a"));
    }

    @Test
    void aMemberThatCannotTakeAMessageIsPassedOverWhileAnotherCan() {
        index.subscribe("$share/g/t", "m1");
        index.subscribe("$share/g/t", "m2");
        offline.add("m1");

        assertEquals(Set.of("m2"), index.match("t"));
        assertEquals(Set.of("m2"), index.match("t"));
    }

    @Test
    void whenNoMemberCanTakeItTheMessageStillGoesToOneInTurn() {
        index.subscribe("$share/g/t", "m1");
        index.subscribe("$share/g/t", "m2");
        offline.addAll(Set.of("m1", "m2"));

        assertEquals(Set.of("m1"), index.match("t"));
        assertEquals(Set.of("m2"), index.match("t"));
    }

    @Test
    void theLastMemberLeavingEndsTheShare() {
        assertTrue(index.subscribe("$share/g/t", "m1"));
        assertFalse(index.subscribe("$share/g/t", "m1"), "already a member");
        assertTrue(index.unsubscribe("$share/g/t", "m1"));
        assertFalse(index.unsubscribe("$share/g/t", "m1"));

        assertEquals(Set.of(), index.match("t"));
        assertEquals(Map.of(), index.subscriberCounts());
    }

    @Test
    void countsListEachShareWithItsMembers() {
        index.subscribe("t", "plain");
        index.subscribe("$share/g/t", "m1");
        index.subscribe("$share/g/t", "m2");

        assertEquals(Map.of("t", 1, "$share/g/t", 2), index.subscriberCounts());
    }

    @Test
    void whileMembersComeAndGoEveryMessageStillGoesToExactlyOneMember() throws Exception {
        index.subscribe("$share/g/t", "stays");
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Future<?> churn = threads.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    index.subscribe("$share/g/t", "comes and goes");
                    index.unsubscribe("$share/g/t", "comes and goes");
                }
            });
            List<Future<Integer>> matchers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                matchers.add(threads.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 20_000; i++) {
                        wrong += index.match("t").size() == 1 ? 0 : 1;
                    }
                    return wrong;
                }));
            }
            churn.get(30, TimeUnit.SECONDS);
            for (Future<Integer> matcher : matchers) {
                assertEquals(0, matcher.get(30, TimeUnit.SECONDS), "matches with other than one member");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aWildcardShareFollowsTheDollarRule() {
        index.subscribe("$share/g/#", "m1");

        assertEquals(Set.of(), index.match("$SYS/x"));
        assertEquals(Set.of("m1"), index.match("x"));
    }
}
