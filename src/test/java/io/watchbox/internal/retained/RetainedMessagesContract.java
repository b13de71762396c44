package io.watchbox.internal.retained;

import io.watchbox.internal.protocol.MessageProperties;
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

    /** Every MQTT 5.0 property a retained message keeps, with an expiry. */
    protected static MessageProperties properties(long expiresAt) {
        return MessageProperties.builder()
                .user("trace", "a").user("tenant", "acme").user("trace", "b")
                .contentType("text/plain").payloadFormat(1).responseTopic("replies/alice")
                .correlationData(new byte[] {0, (byte) 0xFF, '\n', ' '}).expiresAt(expiresAt)
                .build();
    }

    @Test
    public void aRetainedMessageKeepsTheQosAndPropertiesItWasPublishedWith() {
        RetainedMessage qos0 = new RetainedMessage("a/0", Payload.ofText("m"), "alice", 1_000, 0, MessageProperties.EMPTY);
        RetainedMessage qos2 = new RetainedMessage("a/2", Payload.ofText("m"), null, 1_000, 2, properties(90_000));
        RetainedMessage qos1 = new RetainedMessage("a/1", Payload.ofText("m"), "bob", 1_000, 1, properties(MessageProperties.NEVER));
        for (RetainedMessage message : List.of(qos0, qos1, qos2)) {
            assertEquals(Retention.KEPT, store.retain(message, ROOMY));
        }

        assertEquals(List.of(qos0, qos1, qos2), store.matching("a/#"));
        assertEquals(List.of(qos2), store.matching("a/2"));
        assertEquals(properties(90_000), store.page("a/1", 10).get(0).properties());
        assertEquals(0, store.matching("a/0").get(0).qos());
    }

    @Test
    public void aMessageRetainedWithoutQosOrPropertiesInPlaceOfOneWithThemHasNone() {
        store.retain(new RetainedMessage("a", Payload.ofText("old"), null, 1_000, 2, properties(90_000)), ROOMY);

        store.retain(message("a", "new"), ROOMY);

        RetainedMessage now = store.matching("a").get(0);
        assertEquals(1, now.qos());
        assertEquals(MessageProperties.EMPTY, now.properties());
    }

    @Test
    public void thePropertiesCountTowardMaxbytes() {
        MessageProperties big = MessageProperties.builder().user("k", "0123456789").contentType("ab").build();
        RetainedMessage message = new RetainedMessage("g", Payload.ofText("m"), null, 0, 0, big);

        assertEquals(1 + 1 + 1 + 10 + 2, message.bytes());
        assertEquals(Retention.TOO_LARGE, store.retain(message, new RetainedLimits(10, 14)));
        assertEquals(Retention.KEPT, store.retain(message, new RetainedLimits(10, 15)));
        assertEquals(new RetainedUsage(1, 15), store.usage());
    }

    @Test
    public void anExpiredMessageIsDroppedOnlyWhileItIsStillTheGroupsRetainedOne() {
        store.retain(new RetainedMessage("a", Payload.ofText("expiring"), null, 1_000, 1, properties(5_000)), ROOMY);
        store.retain(new RetainedMessage("b", Payload.ofText("expiring"), null, 1_000, 1, properties(5_000)), ROOMY);
        RetainedMessage a = store.matching("a").get(0);
        RetainedMessage b = store.matching("b").get(0);
        store.retain(message("b", "retained since"), ROOMY);

        assertTrue(a.expired(5_001));
        assertFalse(a.expired(5_000));
        assertTrue(store.drop(a));
        assertFalse(store.drop(a), "gone already");
        assertFalse(store.drop(b), "another message took its place");
        assertEquals(List.of(message("b", "retained since")), store.matching("#"));
        assertEquals(new RetainedUsage(1, 1 + "retained since".length()), store.usage());
    }
}
