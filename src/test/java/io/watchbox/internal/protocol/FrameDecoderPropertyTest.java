package io.watchbox.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.MutableClock;
import io.watchbox.WatchboxMessage;
import io.watchbox.WatchboxTimeout;
import io.watchbox.Settings;
import io.watchbox.internal.core.Broker;
import io.watchbox.internal.core.BrokerEvents;
import io.watchbox.internal.core.ClientProtocol;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

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

    @Property(tries = 2000)
    void anyStringDecodesToAFrameOrAContractError(@ForAll @Size(max = 300) String text) {
        assertDecodes(text);
    }

    @Property(tries = 2000)
    void jsonishObjectsDecodeToAFrameOrAContractError(@ForAll("jsonishObjects") String text) {
        assertDecodes(text);
    }

    @Property(tries = 300)
    void jsonishTextWithNoiseDecodesToAFrameOrAContractError(@ForAll("jsonishObjects") String text,
                                                             @ForAll @IntRange(max = 1000) int at,
                                                             @ForAll("noise") String noise) {
        int cut = Math.min(at, text.length());
        assertDecodes(text.substring(0, cut) + noise + text.substring(cut));
    }

    @Property(tries = 40)
    void deepNestingIsABadFrameOrAFrame(@ForAll @IntRange(min = 1, max = 20_000) int depth,
                                        @ForAll("openers") String opener, @ForAll boolean closed) {
        StringBuilder text = new StringBuilder("{\"type\":\"ping\",\"extra\":");
        text.append(opener.repeat(depth)).append("1");
        if (closed) {
            text.append((opener.startsWith("[") ? "]" : "}").repeat(depth)).append('}');
        }
        assertDecodes(text.toString());
    }

    @Property(tries = 20)
    void hugeStringsDecode(@ForAll @IntRange(min = 60_000, max = 400_000) int length, @ForAll("fields") String field,
                           @ForAll char filler) {
        String huge = String.valueOf(filler).repeat(length);
        assertDecodes("{\"type\":\"pub\",\"group\":\"g\",\"msg\":\"m\",\"" + field + "\":\"" + huge + "\"}");
        assertDecodes("{\"type\":\"pub\",\"group\":\"g\",\"msg\":\"" + JsonStrings.escape(huge) + "\"}");
        assertDecodes(huge);
    }

    @Property(tries = 500)
    void loneSurrogatesAndControlCharactersDecode(@ForAll("nasty") String nasty, @ForAll("fields") String field,
                                                  @ForAll boolean escaped) {
        String value = escaped ? JsonStrings.escape(nasty) : nasty;
        assertDecodes("{\"type\":\"sub\",\"" + field + "\":\"" + value + "\"}");
        assertDecodes("{\"type\":\"pub\",\"group\":\"" + value + "\",\"msg\":\"" + value + "\"}");
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
            assertNotNull(p.msg());
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
    @Property(tries = 300)
    void everyFrameGetsOneReplyOrTheDocumentedCloseAndABystanderLosesNothing(
            @ForAll("firstFrames") String first, @ForAll("sessions") List<String> frames) throws Exception {
        Broker broker = new Broker(Settings.DEFAULTS, new MutableClock(), new NoEvents());
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
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(input))) {
            return reader.read() instanceof JsonObject object && object.get("id") instanceof JsonString id
                    && id.getString().length() <= RequestId.MAX_LENGTH ? id.getString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> jsonishObjects() {
        return jsonObject(3);
    }

    @Provide
    Arbitrary<String> firstFrames() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("{\"type\":\"hello\"}")),
                Tuple.of(2, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
                        .map(uid -> "{\"type\":\"hello\",\"id\":\"h\",\"uid\":\"" + uid + "\",\"since\":3}")),
                Tuple.of(2, frame()));
    }

    @Provide
    Arbitrary<List<String>> sessions() {
        return frame().list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(5),
                Arbitraries.of("\u0000", "\ud800", "\udfff", "\\ud800", "\"", "\\", "}", "]", ",", ":", "\\u00",
                        "\ufeff", "\u2028"));
    }

    @Provide
    Arbitrary<String> openers() {
        return Arbitraries.of("[", "{\"a\":", "[{\"type\":");
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of(FIELDS);
    }

    @Provide
    Arbitrary<String> nasty() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\ud800', '\udfff').ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withCharRange('\u007f', '\u009f').ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().all().ofMaxLength(20).map(s -> "a/" + s + "/b"));
    }

    /** One frame a hostile or careless client might send after hello. */
    private Arbitrary<String> frame() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, jsonObject(2)),
                Tuple.of(3, wellTyped()),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(1, Arbitraries.integers().between(1, 3000).map(d -> "[".repeat(d) + "]".repeat(d))),
                Tuple.of(1, Arbitraries.integers().between(60_000, 70_000)
                        .map(n -> "{\"type\":\"pub\",\"group\":\"g\",\"msg\":\"" + "x".repeat(n) + "\"}")));
    }

    /** Frames with the right shape and random but plausible content. */
    private Arbitrary<String> wellTyped() {
        Arbitrary<String> group = Arbitraries.oneOf(
                Arbitraries.of("healthy/g", "healthy/+", "#", "+/g", "a/#/b", "", "a//b", "x/y"),
                Arbitraries.strings().all().ofMaxLength(140));
        Arbitrary<String> id = Arbitraries.strings().alpha().numeric().ofMaxLength(6);
        return Combinators.combine(Arbitraries.of("sub", "unsub", "pub", "ping", "hello", "bye", "nope"), group, id,
                Arbitraries.strings().all().ofMaxLength(30))
                .as((type, g, i, msg) -> "{\"type\":\"" + type + "\",\"id\":\"" + i + "\",\"group\":\"" + JsonStrings.escape(g)
                        + "\",\"msg\":\"" + JsonStrings.escape(msg) + "\"}");
    }

    private Arbitrary<String> jsonObject(int depth) {
        Arbitrary<String> field = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(FIELDS)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(6)));
        Arbitrary<String> member = Combinators.combine(field, jsonValue(depth, field))
                .as((name, value) -> "\"" + JsonStrings.escape(name) + "\":" + value);
        Arbitrary<String> typed = Combinators.combine(Arbitraries.of(TYPES), member.list().ofMaxSize(6))
                .as((type, members) -> {
                    List<String> all = new ArrayList<>();
                    all.add("\"type\":\"" + type + "\"");
                    all.addAll(members);
                    return "{" + String.join(",", all) + "}";
                });
        Arbitrary<String> untyped = member.list().ofMaxSize(6).map(members -> "{" + String.join(",", members) + "}");
        return Arbitraries.frequencyOf(Tuple.of(4, typed), Tuple.of(1, untyped));
    }

    private Arbitrary<String> jsonValue(int depth, Arbitrary<String> field) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-1", "1e309", "-0", "3.5", "9223372036854775808",
                        "12345678901234567890123456789", "1E-400", "[]", "{}", "\"\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.strings().all().ofMaxLength(20).map(s -> "\"" + JsonStrings.escape(s) + "\""),
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10).map(s -> "\"" + s + "\""),
                nasty().map(s -> "\"" + s + "\""));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> inner = Arbitraries.lazy(() -> jsonValue(depth - 1, field));
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(field, inner).as((k, v) -> "\"" + JsonStrings.escape(k) + "\":" + v)
                .list().ofMaxSize(4).map(members -> "{" + String.join(",", members) + "}");
        return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(1, array), Tuple.of(1, object));
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "... (" + text.length() + " chars)" : text;
        return shown.chars().mapToObj(c -> c < 0x20 || Character.isSurrogate((char) c)
                ? String.format("\\u%04x", c) : String.valueOf((char) c)).collect(Collectors.joining());
    }

    private static final class NoEvents implements BrokerEvents {
        @Override
        public void clientPublished(WatchboxMessage message) {
        }

        @Override
        public void sessionEnded(WatchboxTimeout ended) {
        }
    }
}
