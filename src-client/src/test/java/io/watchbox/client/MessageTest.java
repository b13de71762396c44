package io.watchbox.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
}
