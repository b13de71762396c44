package io.watchbox.internal.protocol;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one text frame into a {@link ClientFrame}. Never throws: anything that is not a valid
 * request comes back as {@link ClientFrame.Malformed} carrying the contract's error code.
 */
public final class FrameDecoder {

    private static final int MAX_RESUME_KEY = 64;
    private static final int MAX_TOKEN = 16 * 1024;
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    // Json.createParser looks the provider up on every call; one factory serves every frame.
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    public ClientFrame decode(String text) {
        JsonObject object;
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            parser.next();
            JsonValue value = parser.getValue();
            // JsonReader would silently skip whatever follows the first value (parsson#18); the
            // parser's hasNext() reports trailing content.
            if (parser.hasNext()) {
                return new ClientFrame.Malformed(null, ErrorCode.BAD_FRAME, "not JSON: more than one value");
            }
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return new ClientFrame.Malformed(null, ErrorCode.BAD_FRAME, "a frame must be a JSON object");
            }
            object = value.asJsonObject();
        } catch (JsonParsingException e) {
            return new ClientFrame.Malformed(null, ErrorCode.BAD_FRAME, "not JSON: " + e.getMessage());
        } catch (RuntimeException e) {
            // JSON-P reports deep nesting, bad escapes and truncated input with other exception types.
            return new ClientFrame.Malformed(null, ErrorCode.BAD_FRAME, "not JSON");
        }
        try {
            return decode(object);
        } catch (BadField e) {
            return new ClientFrame.Malformed(idOrNull(object), ErrorCode.BAD_FRAME, e.getMessage());
        }
    }

    private ClientFrame decode(JsonObject object) {
        RequestId id = id(object);
        String type = requiredString(object, "type");
        return switch (type) {
            case "hello" -> new ClientFrame.Hello(id, uid(object), since(object), resume(object), token(object), batch(object));
            case "sub" -> new ClientFrame.Subscribe(id, requiredString(object, "group"));
            case "unsub" -> new ClientFrame.Unsubscribe(id, requiredString(object, "group"));
            case "pub" -> new ClientFrame.Publish(id, requiredString(object, "group"), payload(object),
                    flag(object, "retain"));
            case "ping" -> new ClientFrame.Ping(id);
            case "bye" -> new ClientFrame.Bye(id);
            default -> new ClientFrame.Malformed(id, ErrorCode.UNKNOWN_TYPE, "unknown type '" + shortened(type) + "'");
        };
    }

    private static String uid(JsonObject object) {
        String uid = optionalString(object, "uid");
        if (uid != null && !UID.matcher(uid).matches()) {
            throw new BadField("'uid' must be 1-64 characters of [A-Za-z0-9_-]");
        }
        return uid;
    }

    private static String resume(JsonObject object) {
        String resume = optionalString(object, "resume");
        if (resume != null && resume.length() > MAX_RESUME_KEY) {
            throw new BadField("'resume' is not a resume key");
        }
        return resume;
    }

    private static String token(JsonObject object) {
        String token = optionalString(object, "token");
        if (token != null && token.length() > MAX_TOKEN) {
            throw new BadField("'token' is longer than " + MAX_TOKEN + " characters");
        }
        return token;
    }

    private static boolean batch(JsonObject object) {
        return flag(object, "batch");
    }

    /** An optional boolean field: absent or null is false. */
    private static boolean flag(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
            return false;
        }
        if (value == JsonValue.TRUE) {
            return true;
        }
        throw new BadField("'" + name + "' must be a boolean");
    }

    private static Long since(JsonObject object) {
        JsonValue value = object.get("since");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw new BadField("'since' must be an integer");
        }
        try {
            long since = number.longValueExact();
            if (since < 0) {
                throw new BadField("'since' must not be negative");
            }
            return since;
        } catch (ArithmeticException e) {
            throw new BadField("'since' is out of range");
        }
    }

    /** A pub's {@code msg}: text, or with {@code "encoding": "base64"} the base64 of bytes. */
    private static Payload payload(JsonObject object) {
        String encoding = optionalString(object, "encoding");
        if (encoding == null) {
            return Payload.ofText(text(object, "msg"));
        }
        if (!encoding.equals(FrameEncoder.BASE64)) {
            throw new BadField("'encoding' must be \"" + FrameEncoder.BASE64 + "\" or left out, not '"
                    + shortened(encoding) + "'");
        }
        try {
            return Payload.fromBase64(requiredString(object, "msg"));
        } catch (IllegalArgumentException e) {
            throw new BadField("'msg' is not base64 (RFC 4648, + and /), as its 'encoding' says");
        }
    }

    /** A required string that must also be well-formed Unicode, so that it reaches subscribers unchanged. */
    private static String text(JsonObject object, String name) {
        String value = requiredString(object, name);
        if (!isWellFormed(value)) {
            throw new BadField("'" + name + "' holds a lone surrogate, which is not valid Unicode");
        }
        return value;
    }

    /** Whether every surrogate in the text is part of a pair (JSON escapes can encode lone ones). */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String requiredString(JsonObject object, String name) {
        String value = optionalString(object, name);
        if (value == null) {
            throw new BadField("missing field '" + name + "'");
        }
        return value;
    }

    private static String optionalString(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw new BadField("'" + name + "' must be a string");
        }
        return string.getString();
    }

    private static RequestId id(JsonObject object) {
        JsonValue value = object.get("id");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        try {
            return new RequestId(value);
        } catch (IllegalArgumentException e) {
            throw new BadField("'id' must be a string of at most " + RequestId.MAX_LENGTH
                    + " characters or an integer");
        }
    }

    /** The id of a request that is otherwise bad, so that the error still reaches the right caller. */
    private static RequestId idOrNull(JsonObject object) {
        try {
            return id(object);
        } catch (BadField e) {
            return null;
        }
    }

    /** Client text quoted in a reason: never more than a bounded part of it. */
    private static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private static final class BadField extends RuntimeException {
        BadField(String message) {
            super(message, null, false, false);
        }
    }
}
