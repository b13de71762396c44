package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of malformed and hostile frames and REST requests, each with its expected answer. After
 * every one the hostile client (when it is still open) and a healthy subscriber on the side go on:
 * the subscriber gets the next message with the next seq, so nothing was lost.
 */
class HostileInputIT {

    private static final int MAX = Server.MAXMESSAGE;
    /** For the answer to a frame over the limit, which may come only once the frame is through, on a busy machine. */
    private static final Duration OVERSIZE_WAIT = Duration.ofSeconds(60);
    /** Expected code for URIs Liberty refuses itself: 400 with its own (HTML) body and an E line in its log. */
    private static final String CONTAINER = "(container)";

    /** A healthy client subscribed to its own group, checking that every publish reaches it in seq order. */
    static final class Bystander implements AutoCloseable {
        final String group = Names.group("bystander");
        final RawClient client = RawClient.hello(Names.uid("bystander"));
        private long seq;

        Bystander() {
            PubSubIT.subscribe(client, group);
        }

        /** Publishes through REST and expects the message as the very next frame, with the next seq. */
        void receivesTheNextMessage() {
            String text = "check " + (seq + 1);
            assertEquals(1, Server.publish(group, text));
            JsonObject msg = client.expect("msg");
            assertEquals(++seq, msg.getJsonNumber("seq").longValue(), "no gap in the bystander's seq");
            assertEquals(text, msg.getString("msg"));
        }

        @Override
        public void close() {
            client.close();
        }
    }

    // ------------------------------------------------------------------ frames after hello

    static Stream<Arguments> framesAfterHello() {
        String nested = "{\"type\":\"ping\",\"id\":\"deep\",\"x\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
        return Stream.of(
                Arguments.of("not JSON", "hello there", "bad-frame", null),
                Arguments.of("JSON null", "null", "bad-frame", null),
                Arguments.of("a number", "42", "bad-frame", null),
                Arguments.of("an array", "[{\"type\":\"ping\"}]", "bad-frame", null),
                Arguments.of("an empty object", "{}", "bad-frame", null),
                Arguments.of("trailing content", "{\"type\":\"ping\",\"id\":\"t\"} {}", "bad-frame", null),
                Arguments.of("truncated", "{\"type\":\"ping\",\"id\":\"t", "bad-frame", null),
                Arguments.of("type null", "{\"type\":null,\"id\":\"h1\"}", "bad-frame", "h1"),
                Arguments.of("type an array", "{\"type\":[\"ping\"],\"id\":\"h2\"}", "bad-frame", "h2"),
                Arguments.of("type an object", "{\"type\":{\"a\":1},\"id\":\"h3\"}", "bad-frame", "h3"),
                Arguments.of("id a fraction", "{\"type\":\"ping\",\"id\":7.5}", "bad-frame", null),
                Arguments.of("id of 129 characters", "{\"type\":\"ping\",\"id\":\"" + "i".repeat(129) + "\"}", "bad-frame", null),
                Arguments.of("group null", "{\"type\":\"sub\",\"group\":null,\"id\":\"h4\"}", "bad-frame", "h4"),
                Arguments.of("group an array", "{\"type\":\"sub\",\"group\":[\"a\"],\"id\":\"h5\"}", "bad-frame", "h5"),
                Arguments.of("group a boolean", "{\"type\":\"unsub\",\"group\":true,\"id\":\"h6\"}", "bad-frame", "h6"),
                Arguments.of("msg a number", "{\"type\":\"pub\",\"group\":\"g\",\"msg\":1,\"id\":\"h7\"}", "bad-frame", "h7"),
                Arguments.of("msg missing", "{\"type\":\"pub\",\"group\":\"g\",\"id\":\"h8\"}", "bad-frame", "h8"),
                Arguments.of("deep nesting within maxmessage", nested, "bad-frame", null),
                Arguments.of("lone surrogate in a sub group", "{\"type\":\"sub\",\"group\":\"a\\ud800b\",\"id\":\"h9\"}",
                        "bad-group", "h9"),
                Arguments.of("lone low surrogate in a pub group",
                        "{\"type\":\"pub\",\"group\":\"\\udc00\",\"msg\":\"m\",\"id\":\"h10\"}", "bad-group", "h10"),
                Arguments.of("NUL in a group", "{\"type\":\"sub\",\"group\":\"a\\u0000b\",\"id\":\"h11\"}", "bad-group", "h11"),
                Arguments.of("DEL in a group", "{\"type\":\"sub\",\"group\":\"a\u007fb\",\"id\":\"h12\"}", "bad-group", "h12"),
                Arguments.of("C1 control in a group", "{\"type\":\"sub\",\"group\":\"a\u0085b\",\"id\":\"h13\"}", "bad-group",
                        "h13"),
                Arguments.of("newline in a pub group", "{\"type\":\"pub\",\"group\":\"a\\nb\",\"msg\":\"m\",\"id\":\"h14\"}",
                        "bad-group", "h14"),
                Arguments.of("raw control character in a JSON string", "{\"type\":\"sub\",\"group\":\"a\u0001b\"}",
                        "bad-frame", null),
                Arguments.of("a second hello", "{\"type\":\"hello\",\"uid\":\"somebody-else\",\"id\":\"h15\"}", "bad-frame",
                        "h15"),
                Arguments.of("an unknown type", "{\"type\":\"subscribe\",\"id\":\"h16\"}", "unknown-type", "h16"),
                Arguments.of("an unknown type that is a lone surrogate", "{\"type\":\"\\ud800\",\"id\":\"h17\"}",
                        "unknown-type", "h17"),
                Arguments.of("an unknown type with control characters", "{\"type\":\"\\u0000\\u001b[2J\",\"id\":\"h18\"}",
                        "unknown-type", "h18"),
                Arguments.of("a group of 129 characters", "{\"type\":\"sub\",\"group\":\"" + "g".repeat(129) + "\",\"id\":\"h19\"}",
                        "bad-group", "h19"),
                Arguments.of("a group of 121 empty levels", "{\"type\":\"sub\",\"group\":\"a" + "/".repeat(120) + "\",\"id\":\"h20\"}",
                        "bad-group", "h20"),
                Arguments.of("a frame of exactly maxmessage bytes", frameOfBytes(MAX, 'x'), "ok", "exact"),
                Arguments.of("two-byte characters, exactly maxmessage bytes", frameOfBytes(MAX, 'é'), "ok", "exact"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("framesAfterHello")
    void aHostileFrameGetsItsAnswerAndEveryoneGoesOn(String name, String frame, String expected, String id) {
        try (Bystander bystander = new Bystander();
             RawClient client = RawClient.hello(Names.uid("hostile"))) {
            bystander.receivesTheNextMessage();

            client.send(frame);
            JsonObject reply = client.next();
            if (expected.equals("ok")) {
                assertEquals("ok", reply.getString("type"), reply::toString);
            } else {
                assertEquals("error", reply.getString("type"), reply::toString);
                assertEquals(expected, reply.getString("code"), reply::toString);
                assertNotNull(reply.getString("reason"));
            }
            assertEquals(id, reply.getString("id", null), "the request id comes back when it could be read");

            client.send("{\"type\":\"ping\",\"id\":\"after\"}");
            assertEquals("after", client.expect("pong").getString("id"), "the session goes on");
            assertEquals(0, client.pending(), "exactly one reply to the hostile frame");
            bystander.receivesTheNextMessage();
        }
    }

    /** A frame of exactly {@code bytes} UTF-8 bytes: a pub whose msg is filled with {@code fill}. */
    private static String frameOfBytes(int bytes, char fill) {
        String head = "{\"type\":\"pub\",\"id\":\"exact\",\"group\":\"nobody/listens\",\"msg\":\"";
        String tail = "\"}";
        int fillBytes = String.valueOf(fill).getBytes(StandardCharsets.UTF_8).length;
        int room = bytes - head.length() - tail.length();
        String frame = head + String.valueOf(fill).repeat(room / fillBytes) + "x".repeat(room % fillBytes) + tail;
        assertEquals(bytes, frame.getBytes(StandardCharsets.UTF_8).length);
        return frame;
    }

    // ------------------------------------------------------------------ frames that end the connection

    static Stream<Arguments> framesThatClose() {
        return Stream.of(
                Arguments.of("one byte over maxmessage", frameOfBytes(MAX + 1, 'x')),
                Arguments.of("two-byte characters over maxmessage in bytes, not in chars", frameOfBytes(MAX + 2, 'é')),
                Arguments.of("10,000 levels of nesting", "{\"type\":\"ping\",\"x\":" + "[".repeat(10_000)
                        + "]".repeat(10_000) + "}"),
                Arguments.of("10,000 unclosed levels", "[".repeat(10_000)));
    }

    @ParameterizedTest(name = "{0} -> too-large, 4413")
    @MethodSource("framesThatClose")
    void aFrameOverMaxmessageGetsTooLargeThen4413AndNobodyElseNotices(String name, String frame) {
        try (Bystander bystander = new Bystander();
             RawClient client = RawClient.hello(Names.uid("large"))) {
            client.send(frame);
            assertEquals("too-large", client.expect("error").getString("code"));
            assertEquals(4413, client.closeCode(OVERSIZE_WAIT));
            bystander.receivesTheNextMessage();
        }
    }

    @Test
    void aFrameFarOverTheLimitGetsTooLargeAnd4413AndNobodyElseNotices() {
        try (Bystander bystander = new Bystander();
             RawClient client = RawClient.hello(Names.uid("huge"))) {
            // The server answers once the frame crosses the limit and gathers nothing past it, but the
            // container goes on reading (and dropping) the rest, and the error may reach the client only
            // after its upload is through: what this pins is Watchbox's own answer (too-large, 4413, not
            // the container's 1009) to a frame 100 times the limit, not how soon it comes. So the error
            // gets the same generous bound as the close, and the frame is 400 KB rather than the 4 MB
            // whose error once took over 20 s on a busy two-core machine.
            client.sendWithoutWaiting("{\"type\":\"pub\",\"group\":\"g\",\"msg\":\"" + "x".repeat(MAX * 100) + "\"}");
            JsonObject error = client.next(OVERSIZE_WAIT);
            assertEquals("error", error.getString("type"), error::toString);
            assertEquals("too-large", error.getString("code"), error::toString);
            assertEquals(4413, client.closeCode(OVERSIZE_WAIT));
            bystander.receivesTheNextMessage();
        }
    }

    @Test
    void aBinaryFrameIsABadFrameAndTheSessionGoesOn() {
        try (Bystander bystander = new Bystander();
             RawClient client = RawClient.hello(Names.uid("binary"))) {
            client.sendBinary(new byte[] {(byte) 0xff, 0, (byte) 0xc3, 0x28});
            assertEquals("bad-frame", client.expect("error").getString("code"));
            client.send("{\"type\":\"ping\"}");
            client.expect("pong");
            bystander.receivesTheNextMessage();
        }
    }

    // ------------------------------------------------------------------ before hello

    static Stream<Arguments> framesBeforeHello() {
        return Stream.of(
                Arguments.of("garbage", "\u0000\u0001garbage"),
                Arguments.of("an array", "[]"),
                Arguments.of("a hello with a lone surrogate uid", "{\"type\":\"hello\",\"uid\":\"\\ud800\"}"),
                Arguments.of("a hello with a 65-character uid", "{\"type\":\"hello\",\"uid\":\"" + "u".repeat(65) + "\"}"),
                Arguments.of("a hello with since as a string", "{\"type\":\"hello\",\"since\":\"5\"}"),
                Arguments.of("a hello with a negative since", "{\"type\":\"hello\",\"since\":-1}"),
                Arguments.of("a hello with a huge since", "{\"type\":\"hello\",\"since\":1e400}"),
                Arguments.of("a pub", "{\"type\":\"pub\",\"group\":\"g\",\"msg\":\"m\"}"));
    }

    @ParameterizedTest(name = "{0} first -> bad-frame, 4400")
    @MethodSource("framesBeforeHello")
    void aBadFirstFrameGetsBadFrameThen4400(String name, String frame) {
        try (Bystander bystander = new Bystander();
             RawClient client = RawClient.connect()) {
            client.send(frame);
            assertEquals("bad-frame", client.expect("error").getString("code"));
            assertEquals(4400, client.closeCode());
            bystander.receivesTheNextMessage();
        }
    }

    // ------------------------------------------------------------------ lone surrogates in messages

    /** A message that is not valid Unicode text is refused, and its would-be subscriber is unaffected. */
    @Test
    void aLoneSurrogateInAMessageIsABadFrame() {
        try (Bystander bystander = new Bystander();
             RawClient client = RawClient.hello(Names.uid("surrogate"))) {
            bystander.receivesTheNextMessage();
            client.send("{\"type\":\"pub\",\"id\":\"ls\",\"group\":\"" + bystander.group + "\",\"msg\":\"a\\ud800b\"}");
            JsonObject reply = client.expect("error");
            assertEquals("ls", reply.getString("id"));
            assertEquals("bad-frame", reply.getString("code"), reply::toString);
            bystander.receivesTheNextMessage();
            client.send("{\"type\":\"ping\"}");
            client.expect("pong");
        }
    }

    // ------------------------------------------------------------------ a flood of subscriptions

    @Test
    void aFloodOf1000SubscribesGetsOneReplyEachAndTheConnectionStaysUsable() {
        int flood = 1000;
        try (Bystander bystander = new Bystander();
             RawClient client = RawClient.hello(Names.uid("flood"))) {
            String prefix = Names.group("flood");
            for (int i = 0; i < flood; i++) {
                client.send("{\"type\":\"sub\",\"id\":\"" + i + "\",\"group\":\"" + prefix + "/" + i + "\"}");
            }
            Map<String, Integer> answers = new HashMap<>();
            List<String> okGroups = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                JsonObject reply = client.next();
                assertEquals(String.valueOf(i), reply.getString("id"), "one reply per sub, in order");
                String answer = reply.getString("type").equals("ok") ? "ok" : reply.getString("code");
                answers.merge(answer, 1, Integer::sum);
                if (answer.equals("ok")) {
                    okGroups.add(prefix + "/" + i);
                }
            }
            System.out.println("[HostileInputIT] 1000 subs answered " + answers);
            assertTrue(answers.containsKey("ok"), answers::toString);
            assertTrue(Set.of("ok", "forbidden").containsAll(answers.keySet()), answers::toString);

            client.send("{\"type\":\"ping\",\"id\":\"after\"}");
            assertEquals("after", client.expect("pong").getString("id"));
            String last = okGroups.get(okGroups.size() - 1);
            assertEquals(1, Server.publish(last, "to the last subscribed group"));
            assertEquals("to the last subscribed group", client.expect("msg").getString("msg"));
            bystander.receivesTheNextMessage();
        }
    }

    // ------------------------------------------------------------------ REST

    static Stream<Arguments> restRequests() {
        byte[] badUtf8 = {'a', (byte) 0xc3, 0x28, 'b'};
        byte[] overlong = {(byte) 0xc0, (byte) 0xaf};
        byte[] surrogateUtf8 = {(byte) 0xed, (byte) 0xa0, (byte) 0x80};
        byte[] jsonBadUtf8 = concat("{\"msg\":\"".getBytes(StandardCharsets.UTF_8), badUtf8, "\"}".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                rest("text/plain, invalid UTF-8", "/groups/a/messages", "text/plain", badUtf8, 400, "bad-request"),
                rest("text/plain, overlong UTF-8", "/groups/a/messages", "text/plain", overlong, 400, "bad-request"),
                rest("text/plain, an encoded surrogate", "/groups/a/messages", "text/plain", surrogateUtf8, 400, "bad-request"),
                rest("JSON, invalid UTF-8", "/groups/a/messages", "application/json", jsonBadUtf8, 400, "bad-request"),
                rest("JSON null", "/groups/a/messages", "application/json", bytes("null"), 400, "bad-request"),
                rest("JSON msg null", "/groups/a/messages", "application/json", bytes("{\"msg\":null}"), 400, "bad-request"),
                rest("JSON msg an array", "/groups/a/messages", "application/json", bytes("{\"msg\":[\"m\"]}"), 400,
                        "bad-request"),
                rest("JSON msg an object", "/groups/a/messages", "application/json", bytes("{\"msg\":{}}"), 400, "bad-request"),
                rest("JSON, an array", "/groups/a/messages", "application/json", bytes("[{\"msg\":\"m\"}]"), 400, "bad-request"),
                rest("JSON, empty body", "/groups/a/messages", "application/json", new byte[0], 400, "bad-request"),
                rest("JSON, 10,000 levels", "/groups/a/messages", "application/json", bytes("[".repeat(10_000)), 413,
                        "too-large"),
                rest("text, one byte over maxmessage", "/groups/a/messages", "text/plain", bytes("x".repeat(MAX + 1)), 413,
                        "too-large"),
                rest("text, exactly maxmessage", "/groups/a/messages", "text/plain", bytes("x".repeat(MAX)), 202, null),
                rest("a wildcard group", "/groups/a/%23/messages", "text/plain", bytes("m"), 400, CONTAINER),
                rest("a + group", "/groups/a/+/messages", "text/plain", bytes("m"), 400, "bad-group"),
                rest("a BEL in the group", "/groups/a%07b/messages", "text/plain", bytes("m"), 400, CONTAINER),
                rest("a NUL in the group", "/groups/a%00b/messages", "text/plain", bytes("m"), 400, CONTAINER),
                rest("a C1 control in the group", "/groups/a%C2%85b/messages", "text/plain", bytes("m"), 400, "bad-group"),
                rest("a group of 129 characters", "/groups/" + "g".repeat(129) + "/messages", "text/plain", bytes("m"), 400,
                        "bad-group"),
                rest("a group of 16 levels and 128 characters", "/groups/" + "g".repeat(98) + "/g".repeat(15)
                        + "/messages", "text/plain", bytes("m"), 202, null),
                rest("a group of 64 levels", "/groups/" + "g/".repeat(63) + "gg/messages", "text/plain",
                        bytes("m"), 400, "bad-group"),
                rest("an unknown media type", "/groups/a/messages", "application/x-www-form-urlencoded", bytes("msg=m"), 415,
                        "unsupported-media-type"));
    }

    @ParameterizedTest(name = "{0} -> {4}")
    @MethodSource("restRequests")
    void aHostileRestRequestGetsItsAnswerAndNeverA500(String name, String path, String type, byte[] body, int status,
                                                       String code) {
        try (Bystander bystander = new Bystander()) {
            HttpResponse<String> response = Server.send(HttpRequest.newBuilder(URI.create(Server.baseUrl()
                    + "/watchbox/api" + path)).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertEquals(status, response.statusCode(), response::body);
            if (CONTAINER.equals(code)) {
                // Liberty's web container refuses these URIs before the application sees them.
                System.out.println("[HostileInputIT] " + name + ": " + response.statusCode() + " from the container");
                bystander.receivesTheNextMessage();
                return;
            }
            JsonObject answer = Server.json(response.body()).asJsonObject();
            if (code != null) {
                assertEquals(code, answer.getString("code"), response::body);
                assertNotNull(answer.getString("reason"));
            } else {
                answer.getInt("delivered");
            }
            bystander.receivesTheNextMessage();
        }
    }

    /**
     * Parsson reports nesting deeper than 1000 with a plain RuntimeException: still a 400, not a 500.
     */
    @Test
    void aDeeplyNestedJsonBodyIsABadRequestNotA500() {
        try (Bystander bystander = new Bystander()) {
            String deepJson = "{\"msg\":\"m\",\"x\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
            HttpResponse<String> response = Server.post("/groups/a/messages", "application/json", deepJson);
            assertEquals(400, response.statusCode(), response::body);
            assertEquals("bad-request", Server.json(response.body()).asJsonObject().getString("code"));
            bystander.receivesTheNextMessage();
        }
    }

    @Test
    void aLoneSurrogateInARestJsonMessageIsABadRequest() {
        try (Bystander bystander = new Bystander()) {
            HttpResponse<String> response = Server.post("/groups/" + bystander.group + "/messages", "application/json",
                    "{\"msg\":\"a\\ud800b\"}");
            assertEquals(400, response.statusCode(), response::body);
            assertEquals("bad-request", Server.json(response.body()).asJsonObject().getString("code"));
            bystander.receivesTheNextMessage();
        }
    }

    private static Arguments rest(String name, String path, String type, byte[] body, int status, String code) {
        return Arguments.of(name, path, type, body, status, code);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
