package io.watchbox.internal.retained;

import io.watchbox.internal.protocol.Payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store of retained messages does, the local one and Redis's alike: each implementation's
 * test extends this with its store.
 */
public abstract class RetainedMessagesContract {

    private static final RetainedLimits ROOMY = new RetainedLimits(100, 10_000);

    private RetainedMessages store;

    /** A new, empty store. */
    protected abstract RetainedMessages newStore() throws Exception;

    @BeforeEach
    public void emptyStore() throws Exception {
        store = newStore();
    }

    private static RetainedMessage message(String group, String msg) {
        return new RetainedMessage(group, Payload.ofText(msg), "alice", 1_000);
    }

    private static List<String> groups(List<RetainedMessage> messages) {
        return messages.stream().map(RetainedMessage::group).toList();
    }

    @Test
    public void aGroupKeepsItsNewestRetainedMessage() {
        assertEquals(Retention.KEPT, store.retain(message("a/b", "1"), ROOMY));
        assertEquals(Retention.KEPT, store.retain(message("a/b", "22"), ROOMY));

        assertEquals(List.of(message("a/b", "22")), store.matching("a/b"));
        assertEquals(new RetainedUsage(1, "a/b".length() + 2), store.usage());
    }

    @Test
    public void anEmptyRetainedMessageClearsTheGroup() {
        store.retain(message("a/b", "1"), ROOMY);
        store.retain(message("a/c", "2"), ROOMY);

        assertEquals(Retention.CLEARED, store.retain(message("a/b", ""), ROOMY));

        assertEquals(List.of("a/c"), groups(store.matching("a/#")));
        assertEquals(new RetainedUsage(1, 4), store.usage());
        assertEquals(Retention.CLEARED, store.retain(message("never/had", ""), ROOMY), "clearing nothing is fine");
    }

    @Test
    public void aNewGroupPastMaxcountIsRefusedAndTheKeptOnesStay() {
        RetainedLimits two = new RetainedLimits(2, 10_000);
        store.retain(message("a", "1"), two);
        store.retain(message("b", "2"), two);

        assertEquals(Retention.TOO_MANY, store.retain(message("c", "3"), two));

        assertEquals(List.of(message("a", "1"), message("b", "2")), store.page(null, 10));
        assertEquals(Retention.KEPT, store.retain(message("b", "replaced"), two), "a kept group may change");
        assertEquals(Retention.CLEARED, store.retain(message("a", ""), two));
        assertEquals(Retention.KEPT, store.retain(message("c", "3"), two), "room again after a clear");
    }

    @Test
    public void aMessagePastMaxbytesIsRefusedAndTheKeptOnesStay() {
        RetainedLimits small = new RetainedLimits(100, 10);
        store.retain(message("a", "1234"), small); // 5 bytes

        assertEquals(Retention.TOO_LARGE, store.retain(message("b", "12345"), small)); // 6 more: 11
        assertEquals(Retention.TOO_LARGE, store.retain(message("a", "1234567890"), small)); // replacing: 11

        assertEquals(List.of(message("a", "1234")), store.page(null, 10));
        assertEquals(new RetainedUsage(1, 5), store.usage());
        assertEquals(Retention.KEPT, store.retain(message("b", "1234"), small)); // exactly 10
    }

    @Test
    public void bytesAreUtf8BytesOfGroupAndText() {
        assertEquals(2 + 3, message("é", "✓").bytes());
    }

    @Test
    public void wildcardsMatchAsSubscriptionsDoAndLeaveDollarGroupsToFiltersThatNameThem() {
        for (String group : List.of("a", "a/b", "a/b/c", "x/b", "$sys/a", "$sys/b/c")) {
            store.retain(message(group, "m"), ROOMY);
        }

        assertEquals(List.of("a", "a/b", "a/b/c", "x/b"), groups(store.matching("#")));
        assertEquals(List.of("a/b", "x/b"), groups(store.matching("+/b")));
        assertEquals(List.of("a", "a/b", "a/b/c"), groups(store.matching("a/#")));
        assertEquals(List.of("$sys/a", "$sys/b/c"), groups(store.matching("$sys/#")));
        assertEquals(List.of(), groups(store.matching("+/a")));
        assertEquals(List.of("a/b/c"), groups(store.matching("a/b/c")));
        assertEquals(List.of(), groups(store.matching("a/b/d")));
    }

    @Test
    public void pagesAreSortedByGroupAndStartAfterTheCursor() {
        for (String group : List.of("c", "a", "d", "b")) {
            store.retain(message(group, "m"), ROOMY);
        }

        assertEquals(List.of("a", "b"), groups(store.page(null, 2)));
        assertEquals(List.of("c", "d"), groups(store.page("b", 2)));
        assertEquals(List.of("c", "d"), groups(store.page("bb", 5)));
        assertEquals(List.of(), groups(store.page("d", 5)));
    }

    @Test
    public void clearingOneGroupOrAllGivesTheRoomBack() {
        store.retain(message("a", "1"), ROOMY);
        store.retain(message("b", "2"), ROOMY);
        store.retain(message("c", "3"), ROOMY);

        assertTrue(store.clear("b"));
        assertFalse(store.clear("b"));
        assertEquals(new RetainedUsage(2, 4), store.usage());
        assertEquals(2, store.clearAll());
        assertEquals(new RetainedUsage(0, 0), store.usage());
        assertEquals(List.of(), store.page(null, 10));
    }
}
