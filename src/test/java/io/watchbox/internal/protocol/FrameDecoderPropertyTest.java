package io.watchbox.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.MutableClock;
import io.watchbox.Settings;
import io.watchbox.internal.core.Broker;
import io.watchbox.internal.core.BrokerEvents;
import io.watchbox.internal.core.ClientProtocol;
import io.watchbox.testing.Draw;
import io.watchbox.testing.Seeded;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Generated frames against the decoder and against a whole connection's protocol: nothing
 * throws, every input gets the contract's answer, and a healthy client on the side loses nothing.
 */
class FrameDecoderPropertyTest {

    private static final Set<String> DECODER_CODES = Set.of(ErrorCode.BAD_FRAME, ErrorCode.UNKNOWN_TYPE).stream()
            .map(ErrorCode::wire).collect(Collectors.toSet());
    private static final Set<String> SESSION_CODES = Set.of("bad-frame", "unknown-type", "bad-group", "too-large",
            "forbidden", "rate-limited");
    private static final Set<String> REPLY_TYPES = Set.of("ok", "error", "pong", "welcome");
    private static final String[] TYPES = {"hello", "sub", "unsub", "pub", "ping", "bye", "Sub", "", "msg", "welcome"};
    private static final String[] FIELDS = {"type", "id", "group", "msg", "uid", "since", "extra"};

    private final FrameDecoder decoder = new FrameDecoder();

    // ------------------------------------------------------------------ the decoder alone

    @Test
    void anyStringDecodesToAFrameOrAContractError() {
        Seeded.forAll(2000, r -> Draw.string(r, 300), this::assertDecodes);
    }

    @Test
    void jsonishObjectsDecodeToAFrameOrAContractError() {
        Seeded.forAll(2000, FrameDecoderPropertyTest::jsonishObject, this::assertDecodes);
    }

    record Spliced(String text, int at, String noise) {
        String spliced() {
            int cut = Math.min(at, text.length());
            return text.substring(0, cut) + noise + text.substring(cut);
        }
    }

    @Test
    void jsonishTextWithNoiseDecodesToAFrameOrAContractError() {
        Seeded.forAll(300, r -> new Spliced(jsonishObject(r), Draw.between(r, 0, 1000), noise(r)),
                s -> assertDecodes(s.spliced()));
    }

    record Nesting(int depth, String opener, boolean closed) {
        String text() {
            StringBuilder text = new StringBuilder("{\"type\":\"ping\",\"extra\":");
            text.append(opener.repeat(depth)).append("1");
            if (closed) {
                text.append((opener.startsWith("[") ? "]" : "}").repeat(depth)).append('}');
            }
            return text.toString();
        }
    }

    @Test
    void deepNestingIsABadFrameOrAFrame() {
        Seeded.forAll(40, r -> new Nesting(edgeOrBetween(r, 1, 20_000), Draw.oneOf(r, "[", "{\"a\":", "[{\"type\":"),
                r.nextBoolean()), n -> assertDecodes(n.text()));
    }

    record Huge(int length, String field, char filler) {
    }

    @Test
    void hugeStringsDecode() {
        Seeded.forAll(20, r -> new Huge(edgeOrBetween(r, 60_000, 400_000), Draw.oneOf(r, FIELDS), Draw.anyChar(r)), h -> {
            String huge = String.valueOf(h.filler()).repeat(h.length());
            assertDecodes("{\"type\":\"pub\",\"group\":\"g\",\"msg\":\"m\",\"" + h.field() + "\":\"" + huge + "\"}");
            assertDecodes("{\"type\":\"pub\",\"group\":\"g\",\"msg\":\"" + JsonStrings.escape(huge) + "\"}");
            assertDecodes(huge);
        });
    }

    record Nasty(String nasty, String field, boolean escaped) {
    }

    @Test
    void loneSurrogatesAndControlCharactersDecode() {
        Seeded.forAll(500, r -> new Nasty(nasty(r), Draw.oneOf(r, FIELDS), r.nextBoolean()), n -> {
            String value = n.escaped() ? JsonStrings.escape(n.nasty()) : n.nasty();
            assertDecodes("{\"type\":\"sub\",\"" + n.field() + "\":\"" + value + "\"}");
            assertDecodes("{\"type\":\"pub\",\"group\":\"" + value + "\",\"msg\":\"" + value + "\"}");
        });
    }

    private ClientFrame assertDecodes(String text) {
        ClientFrame frame;
        try {
            frame = decoder.decode(text);
        } catch (Throwable t) {
            throw new AssertionError("decode threw " + t + " for " + abbreviate(text), t);
        }
        assertNotNull(frame, () -> "decode returned null for " + abbreviate(text));
        if (frame instanceof ClientFrame.Malformed m) {
            assertTrue(DECODER_CODES.contains(m.code().wire()), () -> "not a decoder code: " + m.code());
            assertNotNull(m.reason());
        } else if (frame instanceof ClientFrame.Subscribe s) {
            assertNotNull(s.group());
        } else if (frame instanceof ClientFrame.Unsubscribe u) {
            assertNotNull(u.group());
        } else if (frame instanceof ClientFrame.Publish p) {
            assertNotNull(p.group());
            assertNotNull(p.payload());
        } else if (frame instanceof ClientFrame.Hello h) {
            assertTrue(h.uid() == null || h.uid().matches("[A-Za-z0-9_-]{1,64}"), h::uid);
            assertTrue(h.since() == null || h.since() >= 0, () -> "since " + h.since());
        }
        return frame;
    }

    // ------------------------------------------------------------------ a whole connection

    /**
     * A client that says hello (or something else first) and then sends generated frames: each frame
     * gets exactly one reply, or the documented close; a subscriber on the side gets every message
     * published after each frame, with no gap in seq.
     */
    @Test
    void everyFrameGetsOneReplyOrTheDocumentedCloseAndABystanderLosesNothing() {
        Seeded.forAll(300, r -> new Session(firstFrame(r), Draw.list(r, 25, FrameDecoderPropertyTest::frame)),
                session -> oneReplyOrTheDocumentedCloseAndABystanderLosesNothing(session.first(), session.frames()));
    }

    record Session(String first, List<String> frames) {
        @Override
        public String toString() {
            return "first " + abbreviate(first) + ", then " + frames.size() + " frames: "
                    + frames.stream().map(FrameDecoderPropertyTest::abbreviate).collect(Collectors.joining(" | "));
        }
    }

    private void oneReplyOrTheDocumentedCloseAndABystanderLosesNothing(String first, List<String> frames) throws Exception {
        Broker broker = new Broker(Settings.DEFAULTS, new MutableClock(), BrokerEvents.NONE);
        FakeConnection bystanderSocket = new FakeConnection();
        ClientProtocol bystander = broker.open(bystanderSocket);
        bystander.onText("{\"type\":\"hello\",\"uid\":\"healthy-bystander\"}");
        bystander.onText("{\"type\":\"sub\",\"group\":\"healthy/g\"}");
        int markers = 0;

        FakeConnection socket = new FakeConnection();
        ClientProtocol client = broker.open(socket);
        List<String> inputs = new ArrayList<>();
        inputs.add(first);
        inputs.addAll(frames);
        boolean helloDone = false;
        for (String input : inputs) {
            int before = socket.sentCount();
            try {
                client.onText(input);
            } catch (Throwable t) {
                throw new AssertionError("onText threw " + t + " for " + abbreviate(input), t);
            }
            List<JsonObject> replies = socket.frames().subList(before, socket.sentCount()).stream()
                    .filter(f -> !f.getString("type").equals("msg")).toList();
            List<Integer> closes = socket.closeCodes();
            if (!helloDone) {
                if (replies.size() == 1 && replies.get(0).getString("type").equals("welcome")) {
                    helloDone = true;
                    assertEquals(List.of(), closes);
                } else {
                    assertEquals(1, replies.size(), () -> "one reply to " + abbreviate(input) + ": " + replies);
                    assertEquals("error", replies.get(0).getString("type"));
                    if (replies.get(0).getString("code").equals("too-large")) {
                        assertEquals(List.of(4413), closes, "an oversized first frame is too large before anything else");
                    } else {
                        assertEquals("bad-frame", replies.get(0).getString("code"));
                        assertEquals(List.of(4400), closes, "a bad first frame closes with 4400");
                    }
                    break;
                }
            } else if (replies.isEmpty()) {
                assertTrue(input.contains("bye"), () -> "no reply to " + abbreviate(input));
                assertEquals(List.of(1000), closes, "bye closes with 1000");
                break;
            } else {
                assertEquals(1, replies.size(), () -> "one reply to " + abbreviate(input) + ": " + replies);
                JsonObject reply = replies.get(0);
                assertTrue(REPLY_TYPES.contains(reply.getString("type")), reply::toString);
                assertTrue(!reply.getString("type").equals("welcome"), "a second hello is never welcomed");
                if (reply.getString("type").equals("error")) {
                    assertTrue(SESSION_CODES.contains(reply.getString("code")), reply::toString);
                    if (reply.getString("code").equals("too-large")) {
                        assertEquals(List.of(4413), closes);
                        break;
                    }
                }
                assertEquals(List.of(), closes, () -> "no close after " + reply);
                String id = stringId(input);
                if (id != null) {
                    assertEquals(id, reply.getString("id", null), () -> "the id comes back: " + abbreviate(input));
                }
            }
            assertTrue(broker.publish("healthy/g", "marker " + ++markers) >= 1, "the bystander is always a receiver");
        }
        assertTrue(broker.publish("healthy/g", "marker " + ++markers) >= 1, "the bystander is always a receiver");

        assertEquals(List.of(), bystanderSocket.closeCodes());
        List<JsonObject> received = bystanderSocket.frames("msg");
        for (int i = 0; i < received.size(); i++) {
            assertEquals(i + 1, received.get(i).getInt("seq"), "no gap in the bystander's seq");
        }
        List<String> seenMarkers = received.stream().map(m -> m.getString("msg")).filter(m -> m.startsWith("marker "))
                .toList();
        int expected = markers;
        assertEquals(expected, seenMarkers.size(), "every marker reached the bystander");
    }

    /** The request id as the server can read it: a string id of at most 128 characters, in a JSON object below the size limit. */
    private String stringId(String input) {
        if (input.length() * 3L > Settings.DEFAULTS.maxmessage()) {
            return null;
        }
        // A parser, not JsonReader.read(): the reader was seen to accept an object followed by other
        // characters, which the server rightly refuses as not JSON (so with no id to echo).
        try (var parser = jakarta.json.Json.createParser(new java.io.StringReader(input))) {
            if (parser.next() != jakarta.json.stream.JsonParser.Event.START_OBJECT) {
                return null;
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                return null;
            }
            return object.get("id") instanceof JsonString id && id.getString().length() <= RequestId.MAX_LENGTH
                    ? id.getString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ generators

    private static String jsonishObject(Random random) {
        return jsonObject(random, 3);
    }

    private static String firstFrame(Random random) {
        return switch (Draw.index(random, 6, 2, 2)) {
            case 0 -> "{\"type\":\"hello\"}";
            case 1 -> "{\"type\":\"hello\",\"id\":\"h\",\"uid\":\"" + Draw.string(random, 'a', 'z', 1, 8) + "\",\"since\":3}";
            default -> frame(random);
        };
    }

    private static String noise(Random random) {
        return random.nextBoolean() ? Draw.string(random, 5)
                : Draw.oneOf(random, "\u0000", "\ud800", "\udfff", "\\ud800", "\"", "\\", "}", "]", ",", ":", "\\u00",
                        "\ufeff", "\u2028");
    }

    private static String nasty(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Draw.string(random, '\ud800', '\udfff', 1, 3);
            case 1 -> Draw.string(random, '\u0000', '\u001f', 1, 3);
            case 2 -> Draw.string(random, '\u007f', '\u009f', 1, 3);
            default -> "a/" + Draw.string(random, 20) + "/b";
        };
    }

    /** A number in the range, its ends a quarter of the time (where a bound is likeliest to break). */
    private static int edgeOrBetween(Random random, int min, int max) {
        return random.nextInt(4) == 0 ? Draw.oneOf(random, min, max) : Draw.between(random, min, max);
    }

    /** One frame a hostile or careless client might send after hello. */
    private static String frame(Random random) {
        return switch (Draw.index(random, 5, 3, 1, 1, 1)) {
            case 0 -> jsonObject(random, 2);
            case 1 -> wellTyped(random);
            case 2 -> Draw.string(random, 40);
            case 3 -> {
                int depth = Draw.between(random, 1, 3000);
                yield "[".repeat(depth) + "]".repeat(depth);
            }
            default -> "{\"type\":\"pub\",\"group\":\"g\",\"msg\":\"" + "x".repeat(Draw.between(random, 60_000, 70_000)) + "\"}";
        };
    }

    /** A frame with the right shape and random but plausible content. */
    private static String wellTyped(Random random) {
        String type = Draw.oneOf(random, "sub", "unsub", "pub", "ping", "hello", "bye", "nope");
        String group = random.nextBoolean()
                ? Draw.oneOf(random, "healthy/g", "healthy/+", "#", "+/g", "a/#/b", "", "a//b", "x/y")
                : Draw.string(random, 140);
        String id = Draw.string(random, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 0, 6);
        String msg = Draw.string(random, 30);
        return "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"group\":\"" + JsonStrings.escape(group)
                + "\",\"msg\":\"" + JsonStrings.escape(msg) + "\"}";
    }

    private static String jsonObject(Random random, int depth) {
        List<String> members = new ArrayList<>();
        if (Draw.index(random, 4, 1) == 0) {
            members.add("\"type\":\"" + Draw.oneOf(random, TYPES) + "\"");
        }
        members.addAll(Draw.list(random, 6, r -> member(r, depth)));
        return "{" + String.join(",", members) + "}";
    }

    private static String member(Random random, int depth) {
        return "\"" + JsonStrings.escape(fieldName(random)) + "\":" + jsonValue(random, depth);
    }

    private static String fieldName(Random random) {
        return Draw.index(random, 8, 1) == 0 ? Draw.oneOf(random, FIELDS) : Draw.string(random, 6);
    }

    private static String jsonValue(Random random, int depth) {
        int kind = depth == 0 ? 0 : Draw.index(random, 6, 1, 1);
        return switch (kind) {
            case 0 -> scalar(random);
            case 1 -> "[" + String.join(",", Draw.list(random, 4, r -> jsonValue(r, depth - 1))) + "]";
            default -> "{" + String.join(",", Draw.list(random, 4, r -> member(r, depth - 1))) + "}";
        };
    }

    private static String scalar(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Draw.oneOf(random, "null", "true", "false", "0", "-1", "1e309", "-0", "3.5", "9223372036854775808",
                    "12345678901234567890123456789", "1E-400", "[]", "{}", "\"\"");
            case 1 -> Long.toString(random.nextBoolean() ? random.nextLong()
                    : Draw.oneOf(random, 0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
            case 2 -> Double.toString(random.nextBoolean() ? random.nextDouble() * Math.pow(10, Draw.between(random, -20, 20))
                    : Draw.oneOf(random, 0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE));
            case 3 -> "\"" + JsonStrings.escape(Draw.string(random, 20)) + "\"";
            case 4 -> "\"" + Draw.string(random, 'a', 'z', 0, 10) + "\"";
            default -> "\"" + nasty(random) + "\"";
        };
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "... (" + text.length() + " chars)" : text;
        return shown.chars().mapToObj(c -> c < 0x20 || Character.isSurrogate((char) c)
                ? String.format("\\u%04x", c) : String.valueOf((char) c)).collect(Collectors.joining());
    }
}
