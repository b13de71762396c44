package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.GroupFilter;
import io.watchbox.internal.cluster.GroupChannels.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupChannelsTest {

    private final GroupChannels channels = new GroupChannels("shop-eu");

    @Test
    void eachGroupHasItsOwnChannelNamedForTheCluster() {
        assertEquals("shop-eu:g:sport/tennis", channels.channel("sport/tennis"));
    }

    @Test
    void aFilterWithoutWildcardsIsItsChannel() {
        assertEquals(new Subscription(false, "shop-eu:g:sport/tennis"), channels.subscription("sport/tennis"));
        assertEquals(new Subscription(false, "shop-eu:g:a+b/c#"), channels.subscription("a+b/c#"));
    }

    @Test
    void wildcardsBecomeGlobPatterns() {
        assertEquals(new Subscription(true, "shop-eu:g:sport/*/player1"), channels.subscription("sport/+/player1"));
        assertEquals(new Subscription(true, "shop-eu:g:sport*"), channels.subscription("sport/#"));
        assertEquals(new Subscription(true, "shop-eu:g:*"), channels.subscription("#"));
        assertEquals(new Subscription(true, "shop-eu:g:*"), channels.subscription("+"));
    }

    @Test
    void globCharactersInGroupsAreTakenLiterally() {
        Subscription subscription = channels.subscription("a*[b]?\\c/+");
        assertEquals(new Subscription(true, "shop-eu:g:a\\*\\[b\\]\\?\\\\c/*"), subscription);
        assertTrue(subscription.covers(channels.channel("a*[b]?\\c/x")));
        assertFalse(subscription.covers(channels.channel("aXX[b]?\\c/x")));
    }

    @Test
    void aPatternCoversAtLeastEveryGroupItsFilterMatches() {
        List<String> filters = List.of("#", "+", "a/#", "a/+", "+/b", "a/+/c", "+/+", "a/b/#", "a/b");
        List<String> groups = List.of("a", "b", "a/b", "a/c", "x/b", "a/b/c", "a/x/c", "a/b/c/d", "ab", "a//c");
        for (String filter : filters) {
            Subscription subscription = channels.subscription(filter);
            for (String group : groups) {
                if (GroupFilter.matches(filter, group)) {
                    assertTrue(subscription.covers(channels.channel(group)), filter + " must let " + group + " through");
                }
            }
        }
    }

    @Test
    void anotherClustersChannelsAreNotCovered() {
        assertFalse(channels.subscription("#").covers(new GroupChannels("other").channel("a")));
    }
}
