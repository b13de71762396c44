package io.watchbox.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void aTextMessageIsItsTextAndItsBytesAreItsUtf8() {
        Message message = new Message(1, "g", "héllo", "u");

        assertTrue(message.isText());
        assertEquals(null, message.encoding());
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), message.bytes());
    }

    @Test
    void aMessageOfBytesGivesTheBytesItsBase64StandsFor() {
        Message message = new Message(2, "raw", "3q2+7wD/", "plc", Message.BASE64);

        assertFalse(message.isText());
        assertArrayEquals(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0, (byte) 0xff},
                message.bytes());
    }

    @Test
    void bytesArePublishedAsBase64MarkedSoAndCompleteOnTheirOk() {
        Harness h = new Harness();
        FakeTransport.FakeConnection connection = h.connect();

        CompletionStage<Integer> published = h.client.publish(new byte[] {(byte) 0xde, (byte) 0xad, 0, (byte) 0xff}, "raw");
        JsonObject pub = connection.last("pub");
        connection.okDelivered(pub.getString("id"), 3);

        assertEquals("3q0A/w==", pub.getString("msg"));
        assertEquals("base64", pub.getString("encoding"));
        assertEquals(3, Futures.value(published));
    }
}
