package io.watchbox.internal.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.protocol.Payload;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageBodyTest {

    private static final MediaType OCTETS = MediaType.APPLICATION_OCTET_STREAM_TYPE;
    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE;
    private static final byte[] NOT_UTF8 = {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 0, (byte) 0xFF};

    @Test
    void anOctetStreamIsTheMessagesBytesAsTheyAre() throws IOException {
        Payload payload = read(OCTETS, NOT_UTF8, 64);

        assertArrayEquals(NOT_UTF8, payload.toByteArray());
        assertFalse(payload.isText());
    }

    @Test
    void anOctetStreamOfUtf8IsText() throws IOException {
        Payload payload = read(OCTETS, "21.5 °C".getBytes(StandardCharsets.UTF_8), 64);

        assertTrue(payload.isText());
        assertEquals("21.5 °C", payload.text());
    }

    @Test
    void anOctetStreamMayBeEmptyAndAsLargeAsMaxmessage() throws IOException {
        assertEquals(0, read(OCTETS, new byte[0], 64).size());
        assertEquals(64, read(OCTETS, new byte[64], 64).size());
    }

    @Test
    void anOctetStreamOverMaxmessageIsTooLarge() {
        ApiException e = assertThrows(ApiException.class, () -> read(OCTETS, new byte[65], 64));

        assertEquals(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.status());
        assertEquals("too-large", e.error().code());
        assertTrue(e.getMessage().contains("64 bytes"), e::getMessage);
    }

    @Test
    void plainTextAndNoTypeAreTheText() throws IOException {
        assertEquals(Payload.ofText("héllo"), read(MediaType.TEXT_PLAIN_TYPE, "héllo".getBytes(StandardCharsets.UTF_8), 64));
        assertEquals(Payload.ofText("héllo"), read(null, "héllo".getBytes(StandardCharsets.UTF_8), 64));
    }

    @Test
    void plainTextThatIsNotUtf8IsABadRequestThatPointsToOctetStreams() {
        ApiException e = assertThrows(ApiException.class, () -> read(MediaType.TEXT_PLAIN_TYPE, NOT_UTF8, 64));

        assertEquals(Response.Status.BAD_REQUEST, e.status());
        assertTrue(e.getMessage().contains("application/octet-stream"), e::getMessage);
    }

    @Test
    void jsonCarriesTextOrBase64() throws IOException {
        assertEquals(Payload.ofText("21.5"), read(JSON, json("{\"msg\": \"21.5\"}"), 64));
        assertEquals(Payload.ofBytes(NOT_UTF8), read(JSON, json("{\"msg\": \"3q2+7wD/\", \"encoding\": \"base64\"}"), 64));
    }

    @Test
    void jsonWithBadBase64OrAnUnknownEncodingIsABadRequest() {
        ApiException bad = assertThrows(ApiException.class,
                () -> read(JSON, json("{\"msg\": \"%%%\", \"encoding\": \"base64\"}"), 64));
        assertEquals("bad-request", bad.error().code());
        assertTrue(bad.getMessage().contains("not base64"), bad::getMessage);

        ApiException unknown = assertThrows(ApiException.class,
                () -> read(JSON, json("{\"msg\": \"aGk=\", \"encoding\": \"hex\"}"), 64));
        assertEquals("bad-request", unknown.error().code());
        assertTrue(unknown.getMessage().contains("'encoding'"), unknown::getMessage);
    }

    @Test
    void anotherTypeIsUnsupported() {
        ApiException e = assertThrows(ApiException.class,
                () -> read(MediaType.APPLICATION_XML_TYPE, json("<msg/>"), 64));

        assertEquals(Response.Status.UNSUPPORTED_MEDIA_TYPE, e.status());
        assertTrue(e.getMessage().contains("application/octet-stream"), e::getMessage);
    }

    private static Payload read(MediaType type, byte[] body, int max) throws IOException {
        return MessageBody.read(type, new ByteArrayInputStream(body), max);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
