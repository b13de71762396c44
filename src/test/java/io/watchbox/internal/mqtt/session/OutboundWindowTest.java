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
    private final OutboundWindow window = new OutboundWindow();

    @Test
    void idsGoFrom1Upward() {
        assertEquals(1, window.send(MESSAGE, 1));
        assertEquals(2, window.send(MESSAGE, 2));
    }

    @Test
    void afterTheLastIdTheyWrapTo1AndSkipThoseStillInFlight() {
        for (int i = 0; i < OutboundWindow.MAX_IDS; i++) {
            window.send(MESSAGE, 1);
        }
        assertFalse(window.hasRoom(Integer.MAX_VALUE));
        assertThrows(IllegalStateException.class, () -> window.send(MESSAGE, 1));
        window.acknowledged(3);
        window.acknowledged(65535);

        assertEquals(3, window.send(MESSAGE, 1));
        assertEquals(65535, window.send(MESSAGE, 1));
    }

    @Test
    void aPubackEndsOnlyAQos1Flight() {
        int qos2 = window.send(MESSAGE, 2);

        assertFalse(window.acknowledged(qos2));
        assertFalse(window.acknowledged(77));
        assertEquals(1, window.size());
    }

    @Test
    void aQos2FlightEndsOnPubcompAfterPubrecOnly() {
        int id = window.send(MESSAGE, 2);

        assertFalse(window.completed(id), "PUBCOMP before PUBREC");
        assertTrue(window.received(id, false));
        assertEquals(List.of(new InFlight(id, MESSAGE, 2, true)), window.unacknowledged());
        assertTrue(window.completed(id));
        assertTrue(window.hasRoom(1));
    }

    @Test
    void whatIsInFlightIsListedInTheOrderItWasSent() {
        window.send(MESSAGE, 1);
        int second = window.send(MESSAGE, 2);
        window.send(MESSAGE, 1);
        window.received(second, false);

        assertEquals(List.of(1, 2, 3), window.unacknowledged().stream().map(InFlight::packetId).toList());
        assertTrue(window.unacknowledged().get(1).released());
    }
}
