package io.watchbox.internal.core.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.watchbox.internal.core.relay.MqttCopy.Sent;
import io.watchbox.internal.mqtt.SubscriptionTable;
import io.watchbox.internal.mqtt.session.InFlight;
import io.watchbox.internal.mqtt.session.MqttSnapshot;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.Payload;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An MQTT session's state in its mirror: its marks as changes of one hash, and the hash read back. */
class MqttMarkCodecTest {

    private static final EncodedMessage MESSAGE = new EncodedMessage("{\"group\":\"room\",\"msg\":\"hi\"}",
            EncodedMessage.UNTIMED, "room", Payload.ofText("hi")).withQos(2);

    /** The hash as Redis's HSET, HDEL and DEL leave it. */
    private static Map<String, byte[]> apply(MqttMark... marks) {
        Map<String, byte[]> hash = new HashMap<>();
        for (MqttMark mark : marks) {
            MqttMarkCodec.Change change = MqttMarkCodec.change(mark);
            if (change.clear()) {
                hash.clear();
            }
            hash.putAll(change.set());
            change.delete().forEach(hash::remove);
        }
        return hash;
    }

    @Test
    void theMarksOfDeliveriesAndAcknowledgementsLeaveWhatIsInFlightWhereTheClientStoodAndTheReceipts() {
        MqttCopy copy = MqttMarkCodec.read(apply(
                new MqttMark.Sent(3, 1, 1), new MqttMark.Sent(4, 2, 2), new MqttMark.Taken(5), new MqttMark.Sent(6, 3, 2),
                new MqttMark.Sent(7, 4, 1), new MqttMark.Acknowledged(1), new MqttMark.Released(3),
                new MqttMark.Received(8), new MqttMark.Received(9), new MqttMark.Freed(8)));

        assertEquals(List.of(new Sent(2, 2, false, 4, null), new Sent(3, 2, true, 6, null), new Sent(4, 1, false, 7, null)),
                copy.inFlight(), "in the order sent, by seq");
        assertEquals(7, copy.lastTakenSeq());
        assertEquals(4, copy.lastPacketId());
        assertEquals(Set.of(9), copy.awaitingRelease());
    }

    @Test
    void anIdentifierGivenAgainAfterItsAcknowledgementCarriesAMessageNotReleased() {
        MqttCopy copy = MqttMarkCodec.read(apply(new MqttMark.Sent(1, 5, 2), new MqttMark.Released(5),
                new MqttMark.Acknowledged(5), new MqttMark.Sent(9, 5, 2)));

        assertEquals(List.of(new Sent(5, 2, false, 9, null)), copy.inFlight());
    }

    @Test
    void aWholeStateReplacesWhatWasThereAndComesBeforeWhatIsSentAfter() {
        MqttSnapshot state = new MqttSnapshot(Map.of(), List.of(new InFlight(65535, MESSAGE, 2, true),
                new InFlight(1, MESSAGE, 1, false)), 41, Set.of(12), 1);

        MqttCopy copy = MqttMarkCodec.read(apply(new MqttMark.Sent(2, 7, 1), new MqttMark.Received(3),
                new MqttMark.Whole(state), new MqttMark.Sent(42, 2, 2)));

        assertEquals(List.of(65535, 1, 2), copy.inFlight().stream().map(Sent::packetId).toList());
        assertEquals(List.of(true, false, false), copy.inFlight().stream().map(Sent::released).toList());
        assertEquals("hi", copy.inFlight().get(0).message().payload().text());
        assertEquals("room", copy.inFlight().get(1).message().group());
        assertNull(copy.inFlight().get(2).message(), "found by seq among the kept messages");
        assertEquals(42, copy.lastTakenSeq());
        assertEquals(2, copy.lastPacketId());
        assertEquals(Set.of(12), copy.awaitingRelease());
    }

    @Test
    void nothingWrittenIsNoStateAndAnotherVersionsIsRefused() {
        assertNull(MqttMarkCodec.read(Map.of()), "a session without MQTT state, or mirrored by an older version");
        Map<String, byte[]> later = new HashMap<>(apply(new MqttMark.Sent(1, 1, 1)));
        later.put("out:1", new byte[] {9, 'S', 1, 0, 0, 0, 0, 0, 0, 0, 1});

        assertThrows(IllegalArgumentException.class, () -> MqttMarkCodec.read(later));
        assertThrows(IllegalArgumentException.class, () -> MqttMarkCodec.read(
                Map.of("in:70000", "1".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void subscriptionOptionsGoInTheDescriptionAsTextAndComeBack() {
        Map<String, SubscriptionTable.Entry> entries = new LinkedHashMap<>();
        entries.put("room/+", new SubscriptionTable.Entry(2, true, false, 7));
        entries.put("$share/g/a,b", new SubscriptionTable.Entry(0, false, true, 0));

        assertEquals(entries, MqttMarkCodec.subscriptions(MqttMarkCodec.subscriptions(entries)));
        assertEquals(Map.of(), MqttMarkCodec.subscriptions(""));
        assertThrows(IllegalArgumentException.class, () -> MqttMarkCodec.subscriptions("2,1,room"));
    }
}
