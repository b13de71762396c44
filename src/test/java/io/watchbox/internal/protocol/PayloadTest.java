package io.watchbox.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {

    /** 0xC3 starts a two-byte sequence that 0x28 does not continue; 0xFF is never UTF-8. */
    private static final byte[] NOT_UTF8 = {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF};

    @Test
    void textIsTextAndItsBytesAreItsUtf8() {
        Payload payload = Payload.ofText("héllo 🌍");

        assertTrue(payload.isText());
        assertEquals("héllo 🌍", payload.text());
        assertArrayEquals("héllo 🌍".getBytes(StandardCharsets.UTF_8), payload.toByteArray());
        assertEquals(11, payload.size());
    }

    @Test
    void bytesThatAreUtf8AreText() {
        Payload payload = Payload.ofBytes("21.5 °C".getBytes(StandardCharsets.UTF_8));

        assertTrue(payload.isText());
        assertEquals("21.5 °C", payload.text());
    }

    @Test
    void bytesThatAreNotUtf8AreKeptExactlyAndAreNotText() {
        Payload payload = Payload.ofBytes(NOT_UTF8);

        assertFalse(payload.isText());
        assertArrayEquals(NOT_UTF8, payload.toByteArray());
        assertEquals("\uFFFD(\u0000\uFFFD", payload.text(), "the text replaces what is not UTF-8");
        assertEquals("wygA/w==", payload.base64());
    }

    @Test
    void theTextOfBytesIsDecodedOnceAndTheBytesOfTextEncodedOnce() {
        Payload bytes = Payload.ofBytes("abc".getBytes(StandardCharsets.UTF_8));
        assertSame(bytes.text(), bytes.text());

        Payload text = Payload.ofText("abc");
        ByteBuffer first = text.asReadOnlyBuffer();
        ByteBuffer second = text.asReadOnlyBuffer();
        assertTrue(first.isReadOnly());
        assertEquals(first, second);
        first.get();
        assertEquals(3, second.remaining(), "each caller reads from its own position");
    }

    @Test
    void nobodyCanChangeThePayloadThroughAnArray() {
        byte[] given = {1, 2, 3};
        Payload payload = Payload.ofBytes(given);
        given[0] = 9;
        payload.toByteArray()[1] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, payload.toByteArray());
    }

    @Test
    void base64GoesBothWaysAndPaddingIsOptional() {
        Payload payload = Payload.ofBytes(NOT_UTF8);

        assertEquals(payload, Payload.fromBase64(payload.base64()));
        assertEquals(payload, Payload.fromBase64("wygA/w"));
        assertEquals(Payload.ofText(""), Payload.fromBase64(""));
    }

    @Test
    void whatIsNotBase64IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Payload.fromBase64("wyg*"));
        assertThrows(IllegalArgumentException.class, () -> Payload.fromBase64("wygA /w=="));
        assertThrows(IllegalArgumentException.class, () -> Payload.fromBase64("wyg-_w=="), "URL-safe base64 is not base64");
        assertThrows(IllegalArgumentException.class, () -> Payload.fromBase64("w"));
    }

    @Test
    void payloadsAreEqualWhenTheirBytesAre() {
        assertEquals(Payload.ofText("é"), Payload.ofBytes(new byte[] {(byte) 0xC3, (byte) 0xA9}));
        assertEquals(Payload.ofText("é").hashCode(), Payload.ofBytes(new byte[] {(byte) 0xC3, (byte) 0xA9}).hashCode());
        assertNotEquals(Payload.ofBytes(NOT_UTF8), Payload.ofBytes(new byte[] {(byte) 0xC3, 0x28}));
    }

    @Test
    void aPayloadShowsItsTextOrItsSize() {
        assertEquals("hi", Payload.ofText("hi").toString());
        assertEquals("(4 bytes, not UTF-8)", Payload.ofBytes(NOT_UTF8).toString());
    }
}
