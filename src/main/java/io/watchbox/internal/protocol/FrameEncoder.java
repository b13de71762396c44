package io.watchbox.internal.protocol;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes the server's frames as JSON text. Text that echoes what a client sent (an id, an
 * unknown type in a reason) may hold lone surrogates, which no UTF-8 frame can carry: they are
 * written as JSON escapes (backslash, u, four hex digits), so the frame is valid JSON that every container can send
 * (Tyrus fails the whole send otherwise) and the client reads back exactly what it sent.
 */
public final class FrameEncoder {

    // Json.createGenerator looks the provider up on every call; one factory serves every frame.
    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());
    /** The {@code encoding} of a {@code msg} that holds the base64 of bytes that are not UTF-8 text. */
    public static final String BASE64 = "base64";

    /**
     * The welcome; {@code user} is null for an anonymous client, and {@code batch} says that frames
     * may hold several objects from now on (sent only when true, as older servers never send it).
     */
    public String welcome(RequestId id, String uid, boolean resumed, int timeoutSeconds, int listlimit, String resume,
                          String user, boolean batch) {
        return write(g -> {
            g.write("type", "welcome");
            writeId(g, id);
            g.write("uid", uid);
            g.write("resumed", resumed);
            g.write("timeout", timeoutSeconds);
            g.write("listlimit", listlimit);
            g.write("resume", resume);
            if (user == null) {
                g.writeNull("user");
            } else {
                g.write("user", user);
            }
            if (batch) {
                g.write("batch", true);
            }
        });
    }

    public String ok(RequestId id) {
        return write(g -> {
            g.write("type", "ok");
            writeId(g, id);
        });
    }

    public String okDelivered(RequestId id, int delivered) {
        return okDelivered(id, delivered, true);
    }

    /**
     * A {@code pub}'s {@code ok}; {@code "relayed": false} when, in cluster mode, the message reached
     * this replica's subscribers only (Redis was out of reach past the outage bounds). Left out
     * otherwise, as on a single node.
     */
    public String okDelivered(RequestId id, int delivered, boolean relayed) {
        return write(g -> {
            g.write("type", "ok");
            writeId(g, id);
            g.write("delivered", delivered);
            if (!relayed) {
                g.write("relayed", false);
            }
        });
    }

    public String error(RequestId id, ErrorCode code, String reason) {
        return write(g -> {
            g.write("type", "error");
            writeId(g, id);
            g.write("code", code.wire());
            g.write("reason", reason);
        });
    }

    public String pong(RequestId id) {
        return write(g -> {
            g.write("type", "pong");
            writeId(g, id);
        });
    }

    /** Encodes a published message once, without a publish time (no latency is measured for it). */
    public EncodedMessage message(String group, Payload payload, String from) {
        return message(group, payload, from, EncodedMessage.UNTIMED);
    }

    /**
     * Encodes a published message once; every subscriber's frame shares the result. A payload that
     * is not UTF-8 text goes as its base64 in {@code msg}, marked {@code "encoding": "base64"}.
     *
     * @param publishedAt when it was published, on the broker's nanosecond ticker
     */
    public EncodedMessage message(String group, Payload payload, String from, long publishedAt) {
        return message(group, payload, from, publishedAt, EncodedMessage.Retain.NONE);
    }

    /**
     * Encodes a message once, with how it relates to the retained messages: one from the store, sent
     * because of a subscription, says {@code "retained": true}; a live one never does, even when it
     * was published with retain.
     */
    public EncodedMessage message(String group, Payload payload, String from, long publishedAt, EncodedMessage.Retain retain) {
        return message(group, payload, from, publishedAt, retain, MessageProperties.EMPTY);
    }

    /**
     * Encodes a message with the properties an MQTT 5.0 publisher gave it. They travel beside the JSON
     * tail for MQTT subscribers; JSON subscribers do not see them (docs/mqtt.md).
     */
    public EncodedMessage message(String group, Payload payload, String from, long publishedAt, EncodedMessage.Retain retain,
                                  MessageProperties properties) {
        String body = write(g -> {
            g.write("group", group);
            if (payload.isText()) {
                g.write("msg", payload.text());
            } else {
                g.write("msg", payload.base64());
                g.write("encoding", BASE64);
            }
            if (from == null) {
                g.writeNull("from");
            } else {
                g.write("from", from);
            }
            if (retain == EncodedMessage.Retain.STORED) {
                g.write("retained", true);
            }
        });
        return new EncodedMessage(body.substring(1), publishedAt, group, payload, from, retain, properties);
    }

    private static void writeId(JsonGenerator g, RequestId id) {
        if (id != null) {
            g.write("id", id.json());
        }
    }

    private static String write(Consumer<JsonGenerator> fields) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = GENERATORS.createGenerator(out)) {
            g.writeStartObject();
            fields.accept(g);
            g.writeEnd();
        }
        return escapeLoneSurrogates(out.toString());
    }

    /** The JSON text with each unpaired surrogate, which can only be inside a string, as an escape. */
    static String escapeLoneSurrogates(String json) {
        StringBuilder escaped = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < json.length()
                    && Character.isLowSurrogate(json.charAt(i + 1));
            if (paired) {
                if (escaped != null) {
                    escaped.append(c).append(json.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (escaped == null) {
                    escaped = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                escaped.append(String.format("\\u%04x", (int) c));
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? json : escaped.toString();
    }
}
