package io.watchbox.client.internal;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/** Encodes client frames to JSON text and decodes server frames from it (JSON-P). */
public final class FrameCodec {
    private static final JsonProvider JSON = JsonProvider.provider();

    public String encode(ClientFrame frame) {
        JsonObjectBuilder json = JSON.createObjectBuilder();
        if (frame instanceof ClientFrame.Hello hello) {
            json.add("type", "hello");
            if (hello.uid() != null) {
                json.add("uid", hello.uid());
            }
            if (hello.since() != null) {
                json.add("since", hello.since());
            }
            if (hello.resume() != null) {
                json.add("resume", hello.resume());
            }
            if (hello.token() != null) {
                json.add("token", hello.token());
            }
            if (hello.batch()) {
                json.add("batch", true);
            }
        } else if (frame instanceof ClientFrame.Subscribe sub) {
            request(json, "sub", sub.id()).add("group", sub.group());
        } else if (frame instanceof ClientFrame.Unsubscribe unsub) {
            request(json, "unsub", unsub.id()).add("group", unsub.group());
        } else if (frame instanceof ClientFrame.Publish pub) {
            request(json, "pub", pub.id()).add("group", pub.group()).add("msg", pub.msg());
            if (pub.encoding() != null) {
                json.add("encoding", pub.encoding());
            }
        } else if (frame instanceof ClientFrame.Ping) {
            json.add("type", "ping");
        } else if (frame instanceof ClientFrame.Bye) {
            json.add("type", "bye");
        }
        return json.build().toString();
    }

    /**
     * Decodes one server frame.
     *
     * @throws MalformedFrameException when the text is not a JSON object with the fields its
     *                                 type needs
     */
    public ServerFrame decode(String text) {
        JsonObject json;
        try (var reader = JSON.createReader(new StringReader(text))) {
            json = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new MalformedFrameException("not a JSON object: " + e.getMessage(), e);
        }
        try {
            String type = json.getString("type");
            return switch (type) {
                case "welcome" -> new ServerFrame.Welcome(json.getString("uid"), json.getBoolean("resumed"),
                        json.getInt("timeout"), json.getInt("listlimit", 0), optionalString(json, "resume"));
                case "msg" -> new ServerFrame.Msg(json.getJsonNumber("seq").longValueExact(), json.getString("group"),
                        json.getString("msg"), optionalString(json, "from"), optionalString(json, "encoding"));
                case "ok" -> new ServerFrame.Ok(id(json), json.containsKey("delivered") ? json.getInt("delivered") : null,
                        optionalBoolean(json, "relayed"));
                case "error" -> new ServerFrame.Error(id(json), json.getString("code", "unknown"),
                        json.getString("reason", ""));
                case "pong" -> new ServerFrame.Pong();
                default -> new ServerFrame.Unknown(type);
            };
        } catch (NullPointerException | ClassCastException | ArithmeticException e) {
            throw new MalformedFrameException("missing or wrong-typed field in " + text, e);
        }
    }

    private static JsonObjectBuilder request(JsonObjectBuilder json, String type, String id) {
        json.add("type", type);
        if (id != null) {
            json.add("id", id);
        }
        return json;
    }

    /** Ids are sent as strings; a number is accepted too, for servers that echo it as one. */
    private static String id(JsonObject json) {
        JsonValue id = json.get("id");
        if (id instanceof JsonString s) {
            return s.getString();
        }
        if (id instanceof JsonNumber n) {
            return n.toString();
        }
        return null;
    }

    /** A boolean field, or null when it is absent or not a boolean (a later server may say more). */
    private static Boolean optionalBoolean(JsonObject json, String key) {
        JsonValue.ValueType type = json.containsKey(key) ? json.get(key).getValueType() : null;
        return type == JsonValue.ValueType.TRUE ? Boolean.TRUE : type == JsonValue.ValueType.FALSE ? Boolean.FALSE : null;
    }

    private static String optionalString(JsonObject json, String key) {
        return json.get(key) instanceof JsonString s ? s.getString() : null;
    }
}
