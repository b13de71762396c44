package io.watchbox.internal.rest;

import io.watchbox.internal.protocol.FrameDecoder;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.protocol.Payload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The message of a REST publish, read from its body by content type: {@code text/plain} (or none)
 * is the text, {@code application/json} an object with a string {@code msg} (the base64 of bytes
 * with {@code "encoding": "base64"}), {@code application/octet-stream} the bytes themselves. The
 * body is read up to {@code max} bytes, so an oversized one is refused without being buffered whole.
 */
final class MessageBody {

    private static final String BAD_REQUEST = "bad-request";

    private MessageBody() {
    }

    /** The payload of the body, or an {@link ApiException} that says what is wrong with it. */
    static Payload read(MediaType type, InputStream body, int max) throws IOException {
        byte[] bytes = readBounded(body, max);
        if (type == null || type.isCompatible(MediaType.TEXT_PLAIN_TYPE)) {
            return Payload.ofText(utf8(bytes));
        }
        if (type.isCompatible(MediaType.APPLICATION_OCTET_STREAM_TYPE)) {
            return Payload.adopt(bytes);
        }
        if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return msgField(utf8(bytes));
        }
        throw new ApiException(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "send text/plain, application/json or application/octet-stream, not "
                        + type.getType() + "/" + type.getSubtype());
    }

    private static Payload msgField(String text) {
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            // Parsson reports too deep nesting with a bare RuntimeException, syntax with JsonException.
            throw new ApiException(Response.Status.BAD_REQUEST, BAD_REQUEST, "the body is not JSON");
        }
        if (!(value instanceof JsonObject object && object.get("msg") instanceof JsonString msg)) {
            throw new ApiException(Response.Status.BAD_REQUEST, BAD_REQUEST,
                    "a JSON body must be an object with a string field 'msg'");
        }
        JsonValue encoding = object.get("encoding");
        if (encoding == null || encoding == JsonValue.NULL) {
            if (!FrameDecoder.isWellFormed(msg.getString())) {
                throw new ApiException(Response.Status.BAD_REQUEST, BAD_REQUEST,
                        "'msg' holds a lone surrogate, which is not valid Unicode");
            }
            return Payload.ofText(msg.getString());
        }
        if (!(encoding instanceof JsonString named && named.getString().equals(FrameEncoder.BASE64))) {
            throw new ApiException(Response.Status.BAD_REQUEST, BAD_REQUEST,
                    "'encoding' must be \"" + FrameEncoder.BASE64 + "\" or left out");
        }
        try {
            return Payload.fromBase64(msg.getString());
        } catch (IllegalArgumentException e) {
            throw new ApiException(Response.Status.BAD_REQUEST, BAD_REQUEST,
                    "'msg' is not base64 (RFC 4648, + and /), as its 'encoding' says");
        }
    }

    private static byte[] readBounded(InputStream body, int max) throws IOException {
        byte[] bytes = body.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new ApiException(Response.Status.REQUEST_ENTITY_TOO_LARGE, "too-large",
                    "the body is larger than " + max + " bytes");
        }
        return bytes;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(Response.Status.BAD_REQUEST, BAD_REQUEST,
                    "the body is not valid UTF-8 (send bytes as application/octet-stream)");
        }
    }
}
