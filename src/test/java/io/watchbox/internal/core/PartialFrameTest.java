package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.Settings;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames arrive in parts; only up to maxmessage bytes of one are ever gathered. */
class PartialFrameTest {

    private final Broker broker = new Broker(ValidSettings.builder().logginglevel(3).timeout(10).listlimit(50).maxmessage(100).ratelimit(0).maxclients(10).maxsubscriptions(10).build(), new MutableClock(),
            new RecordingEvents());

    @Test
    void partsAreGatheredIntoOneFrame() {
        Client client = new Client(broker);
        client.hello("parts");
        client.protocol.onTextPart("{\"type\":\"pi", false);
        client.protocol.onTextPart("ng\",\"id\":\"", false);
        client.protocol.onTextPart("joined\"}", true);
        assertEquals("joined", client.lastFrame().getString("id"));
        client.send("{'type':'ping','id':'next'}");
        assertEquals("next", client.lastFrame().getString("id"), "the next frame starts afresh");
    }

    @Test
    void aFrameIsAnsweredAsSoonAsItsPartsCrossTheLimitAndClosedOnceTheRestHasBeenReadAndDropped() {
        Client client = new Client(broker);
        client.hello("big");
        client.protocol.onTextPart("{\"type\":\"pub\",\"group\":\"g\",\"msg\":\"" + "x".repeat(60), false);
        client.protocol.onTextPart("y".repeat(60), false);

        assertEquals("too-large", client.lastFrame().getString("code"));
        assertEquals(List.of(), client.closeCodes(), "a close while the client still sends would reset the connection");
        client.protocol.onTextPart("z".repeat(1_000_000), false);
        client.protocol.onTextPart("z\"}", true);
        assertEquals(1, client.connection.frames("error").size(), "the rest of the frame is not read into a frame");
        assertEquals(List.of(4413), client.closeCodes());
    }

    @Test
    void aFrameThatGoesOnPastTheDrainBoundIsClosedWithoutItsEnd() {
        Client client = new Client(broker);
        client.hello("endless");
        client.protocol.onTextPart("x".repeat(101), false);
        client.protocol.onTextPart("x".repeat((int) ClientProtocol.MAX_DRAINED_BYTES), false);

        assertEquals(List.of(4413), client.closeCodes());
        assertEquals(1, client.connection.frames("error").size());
    }

    @Test
    void theLimitCountsUtf8BytesAcrossASurrogatePairSplitBetweenParts() {
        Client client = new Client(broker);
        client.hello("emoji");
        String head = "{\"type\":\"ping\",\"id\":\"" + "a".repeat(68) + "\ud83d";   // 91 bytes so far
        client.protocol.onTextPart(head, false);
        client.protocol.onTextPart("\ude00" + "bbbb\"}", true);                        // 2 + 6 = 99 bytes
        assertEquals("pong", client.lastFrame().getString("type"));
    }
}
