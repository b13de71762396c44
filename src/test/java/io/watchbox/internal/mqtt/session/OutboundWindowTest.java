package io.watchbox.internal.mqtt.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.protocol.EncodedMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundWindowTest {

    private static final EncodedMessage MESSAGE = new EncodedMessage("{}");
    private static final Object CONNECTION = new Object();
    private final OutboundWindow window = new OutboundWindow();
    private long seq;

    private int send(int qos) {
        return window.send(CONNECTION, ++seq, MESSAGE, qos);
    }

    @Test
    void idsGoFrom1Upward() {
        assertEquals(1, send(1));
        assertEquals(2, send(2));
    }

    @Test
    void afterTheLastIdTheyWrapTo1AndSkipThoseStillInFlight() {
        for (int i = 0; i < OutboundWindow.MAX_IDS; i++) {
            send(1);
        }
        assertFalse(window.hasRoom(Integer.MAX_VALUE));
        assertThrows(IllegalStateException.class, () -> send(1));
        window.acknowledged(3);
        window.acknowledged(65535);

        assertEquals(3, send(1));
        assertEquals(65535, send(1));
    }

    @Test
    void aPubackEndsOnlyAQos1Flight() {
        int qos2 = send(2);

        assertFalse(window.acknowledged(qos2));
        assertFalse(window.acknowledged(77));
        assertEquals(1, window.size());
    }

    @Test
    void aQos2FlightEndsOnPubcompAfterPubrecOnly() {
        int id = send(2);

        assertFalse(window.completed(id), "PUBCOMP before PUBREC");
        assertTrue(window.received(id, false));
        assertEquals(List.of(new InFlight(id, MESSAGE, 2, true)), window.unacknowledged());
        assertTrue(window.completed(id));
        assertTrue(window.hasRoom(1));
    }

    @Test
    void whatIsInFlightIsListedInTheOrderItWasSent() {
        send(1);
        int second = send(2);
        send(1);
        window.received(second, false);

        assertEquals(List.of(1, 2, 3), window.unacknowledged().stream().map(InFlight::packetId).toList());
        assertTrue(window.unacknowledged().get(1).released());
    }

    @Test
    void aReplacedConnectionIsRefusedOnceTheNewOneClaimsTheWindowAndNothingItTriesIsNoted() {
        Object replaced = CONNECTION;
        Object reconnected = new Object();
        send(2);
        window.taken(replaced, 2);

        assertEquals(2, window.claim(reconnected), "the new connection goes on after seq 2");
        assertEquals(0, window.send(replaced, 3, MESSAGE, 2), "seq 3, taken by the old connection, is not put in flight");
        assertFalse(window.taken(replaced, 4));
        assertEquals(2, window.lastTakenSeq());
        assertEquals(List.of(1), window.unacknowledged().stream().map(InFlight::packetId).toList());
        assertEquals(2, window.send(reconnected, 3, MESSAGE, 2));
    }

    @Test
    void theFirstConnectionToFrameAnUnclaimedWindowSendsItsMessages() {
        Object first = new Object();
        assertTrue(window.taken(first, 1));
        assertFalse(window.taken(new Object(), 2));
        assertEquals(1, window.lastTakenSeq());
    }

    @Test
    void aMessageSentAgainIsLookedUpAsItIsNowNotAsItWas() {
        int id = send(2);
        window.received(id, false);

        assertTrue(window.inFlight(id).released());
        window.completed(id);
        assertEquals(null, window.inFlight(id));
    }
}
