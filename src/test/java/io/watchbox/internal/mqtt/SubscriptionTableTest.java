package io.watchbox.internal.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionTableTest {

    private final SubscriptionTable table = new SubscriptionTable();

    @Test
    void theHighestQosOfTheMatchingSubscriptionsWins() {
        table.put("room/#", new SubscriptionTable.Entry(0, false, false, 0));
        table.put("room/+", new SubscriptionTable.Entry(1, false, false, 0));
        table.put("hall", new SubscriptionTable.Entry(2, false, false, 0));

        assertEquals(1, table.delivery("room/1", null, "me").qos());
    }

    @Test
    void theIdentifiersOfEveryMatchingSubscriptionAreCarried() {
        table.put("room/#", new SubscriptionTable.Entry(0, false, false, 7));
        table.put("room/+", new SubscriptionTable.Entry(0, false, false, 3));
        table.put("room/1", new SubscriptionTable.Entry(0, false, false, 0));
        table.put("hall", new SubscriptionTable.Entry(0, false, false, 9));

        SubscriptionTable.Delivery delivery = table.delivery("room/1", "someone", "me");

        assertEquals(List.of(3, 7), delivery.identifiers());
        assertEquals(List.of(3, 7), delivery.properties(Properties.builder()).subscriptionIdentifiers());
    }

    @Test
    void noLocalKeepsTheSessionsOwnMessagesFromThatSubscriptionOnly() {
        table.put("chat", new SubscriptionTable.Entry(1, true, false, 1));

        assertNull(table.delivery("chat", "me", "me"), "its own message is not delivered back");
        assertEquals(List.of(1), table.delivery("chat", "you", "me").identifiers());
        assertEquals(List.of(1), table.delivery("chat", null, "me").identifiers(), "the server's own message");

        table.put("#", new SubscriptionTable.Entry(0, false, false, 2));
        SubscriptionTable.Delivery own = table.delivery("chat", "me", "me");
        assertEquals(0, own.qos(), "delivered as the other subscription says");
        assertEquals(List.of(2), own.identifiers());
    }

    @Test
    void retainAsPublishedKeepsTheFlagOfARetainedMessageOnly() {
        table.put("a", new SubscriptionTable.Entry(0, false, true, 0));
        table.put("b", new SubscriptionTable.Entry(0, false, false, 0));

        assertTrue(table.delivery("a", null, "me").retain(true));
        assertFalse(table.delivery("a", null, "me").retain(false));
        assertFalse(table.delivery("b", null, "me").retain(true));
    }

    @Test
    void aShareMatchesByItsFilter() {
        table.put("$share/g/jobs/+", new SubscriptionTable.Entry(1, false, false, 4));

        assertEquals(List.of(4), table.delivery("jobs/1", null, "me").identifiers());
        assertNull(table.delivery("$share/g/jobs/1", null, "me"));
    }

    @Test
    void aRemovedOrReplacedSubscriptionNoLongerCounts() {
        table.put("a", new SubscriptionTable.Entry(1, false, false, 5));
        table.put("a", new SubscriptionTable.Entry(0, false, false, 6));
        assertEquals(new SubscriptionTable.Delivery(0, List.of(6), false), table.delivery("a", null, "me"));

        table.remove("a");
        assertNull(table.delivery("a", null, "me"));
    }

    @Test
    void aSubscribesIdentifierAppliesToEachOfItsFilters() {
        Packet.Subscribe with = new Packet.Subscribe(1, List.of(Packet.Subscription.of("a", 0)),
                Properties.builder().subscriptionIdentifier(42).build());
        Packet.Subscribe without = new Packet.Subscribe(1, List.of(Packet.Subscription.of("a", 0)), Properties.EMPTY);

        assertEquals(42, SubscriptionTable.identifierOf(with));
        assertEquals(0, SubscriptionTable.identifierOf(without));
        assertEquals(new SubscriptionTable.Entry(1, true, true, 42), SubscriptionTable.Entry.granted(
                new Packet.Subscription("a", 2, true, true, 0), 1, 42));
        assertFalse(with.properties().has(Property.TOPIC_ALIAS));
    }
}
