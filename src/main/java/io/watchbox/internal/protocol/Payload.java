package io.watchbox.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * What a message carries: text or arbitrary bytes, immutable. It is made from whichever form its
 * publisher had (a JSON {@code pub} has text, an MQTT PUBLISH has bytes) and turns into the other
 * at most once, when the first subscriber needs it, so that MQTT to MQTT stays byte-exact and no
 * subscriber re-encodes what another one already did.
 *
 * <p>Bytes that are not well-formed UTF-8 are not text: a JSON subscriber gets them as base64
 * ({@link #base64()}). Two payloads are equal when their bytes are.
 */
public final class Payload {

    private static final byte[] NOT_YET = new byte[0];

    /** The UTF-8 bytes; {@link #NOT_YET} until a text payload is first asked for them. */
    private volatile byte[] bytes;
    /** The text; null until bytes are first asked for it, or for ever when they are not UTF-8. */
    private volatile String text;
    /** For a payload made of bytes: whether they were checked yet, and whether they are text. */
    private volatile Boolean utf8;

    private Payload(byte[] bytes, String text, Boolean utf8) {
        this.bytes = bytes;
        this.text = text;
        this.utf8 = utf8;
    }

    /** A payload of text: its bytes are its UTF-8 encoding (a lone surrogate becomes {@code ?}). */
    public static Payload ofText(String text) {
        if (text == null) {
            throw new NullPointerException("text");
        }
        return new Payload(NOT_YET, text, Boolean.TRUE);
    }

    /** A payload of a copy of these bytes. */
    public static Payload ofBytes(byte[] bytes) {
        return new Payload(bytes.clone(), null, null);
    }

    /** A payload of these bytes, which the caller hands over: nobody may change them afterwards. */
    public static Payload adopt(byte[] bytes) {
        if (bytes == null) {
            throw new NullPointerException("bytes");
        }
        return new Payload(bytes, null, null);
    }

    /** Whether the payload is text: made of text, or of bytes that are well-formed UTF-8. */
    public boolean isText() {
        Boolean known = utf8;
        if (known == null) {
            text = decodeStrictly(bytes);
            known = text != null;
            utf8 = known;
        }
        return known;
    }

    /**
     * The text; for bytes that are not UTF-8, each malformed sequence is replaced by U+FFFD, so
     * call {@link #isText()} first where that loss matters.
     */
    public String text() {
        if (isText()) {
            return text;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** How many bytes it has. */
    public int size() {
        return utf8Bytes().length;
    }

    /** A copy of its bytes. */
    public byte[] toByteArray() {
        return utf8Bytes().clone();
    }

    /** Its bytes, read-only and shared: each caller gets its own position. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(utf8Bytes()).asReadOnlyBuffer();
    }

    /** Its bytes in base64 (RFC 4648, with padding), the form a JSON subscriber gets when it is not text. */
    public String base64() {
        return Base64.getEncoder().encodeToString(utf8Bytes());
    }

    /**
     * The payload of a base64 string (RFC 4648, with or without padding).
     *
     * @throws IllegalArgumentException if it is not base64
     */
    public static Payload fromBase64(String base64) {
        return adopt(Base64.getDecoder().decode(base64));
    }

    private byte[] utf8Bytes() {
        byte[] known = bytes;
        if (known == NOT_YET) {
            known = text.getBytes(StandardCharsets.UTF_8);
            bytes = known;
        }
        return known;
    }

    private static String decodeStrictly(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Payload that && Arrays.equals(utf8Bytes(), that.utf8Bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8Bytes());
    }

    /** The text when it is text, else the size: a payload in a log line or a failed assertion. */
    @Override
    public String toString() {
        return isText() ? text : "(" + size() + " bytes, not UTF-8)";
    }
}
