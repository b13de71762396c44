package io.watchbox.it;

import static io.watchbox.internal.protocol.JsonStrings.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A bounded fuzz of the live endpoint: generated (and mutated) frames from a seeded
 * {@link Random}. Every frame gets exactly one reply, or the connection closes with a contract
 * code; a subscriber on the side receives every message with no gap in seq; the REST API still
 * answers afterwards. Re-run a failure with {@code -Dfuzz.seed=N}.
 */
class LiveFuzzIT {

    private static final int FRAMES = Integer.getInteger("fuzz.frames", 2000);
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final Set<Integer> CONTRACT_CLOSES = Set.of(1000, 1008, 4413);
    private static final String[] TYPES = {"sub", "unsub", "pub", "ping", "hello", "bye", "subscribe", "", "PING", "msg"};
    private static final String INSERTS = "{}[]\":,\\\u0000\ud800";
    private static final String[] KEYS = {"type", "id", "group", "msg", "uid", "since", "x"};

    @Test
    void generatedFramesGetContractAnswersAndABystanderLosesNothing() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("[LiveFuzzIT] seed " + seed + " (re-run with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        String bystanderGroup = Names.group("fuzz-bystander");
        Map<String, Integer> answers = new TreeMap<>();
        int markers = 0;
        int reconnects = 0;
        long deadline = System.nanoTime() + BUDGET.toNanos();

        try (RawClient bystander = RawClient.hello(Names.uid("fuzz-bystander"))) {
            PubSubIT.subscribe(bystander, bystanderGroup);
            Probe fuzzer = Probe.hello();
            for (int i = 0; i < FRAMES && System.nanoTime() < deadline; i++) {
                String frame = wireSafe(frame(random, bystanderGroup));
                String answer;
                if (random.nextInt(100) == 0) {
                    fuzzer.socket.sendBinary(ByteBuffer.wrap(bytes(random)), true).orTimeout(20, TimeUnit.SECONDS).join();
                    answer = fuzzer.answer("binary frame");
                } else {
                    fuzzer.send(frame);
                    answer = fuzzer.answer(frame);
                }
                answers.merge(answer, 1, Integer::sum);
                if (answer.startsWith("close ")) {
                    int code = Integer.parseInt(answer.substring(6));
                    assertTrue(CONTRACT_CLOSES.contains(code), () -> "closed with " + code + " after " + shorten(frame));
                    fuzzer = Probe.hello();
                    reconnects++;
                }
                if (i % 20 == 0) {
                    assertEquals(true, Server.publish(bystanderGroup, "marker " + ++markers) >= 1);
                    // The server ends a session that sends nothing for its timeout (4 s here).
                    bystander.send("{\"type\":\"ping\"}");
                }
            }
            assertEquals(true, Server.publish(bystanderGroup, "marker " + ++markers) >= 1);
            fuzzer.socket.abort();

            // The bystander: every marker, seq 1, 2, 3, ... with no gap (fuzzed pubs to its group count too).
            long seq = 0;
            int seen = 0;
            while (seen < markers) {
                JsonObject msg = bystander.next();
                if (msg.getString("type").equals("pong")) {
                    continue;
                }
                assertEquals("msg", msg.getString("type"), msg::toString);
                assertEquals(++seq, msg.getJsonNumber("seq").longValue(), "no gap in the bystander's seq");
                if (msg.getString("msg").equals("marker " + (seen + 1))) {
                    seen++;
                }
            }
            System.out.println("[LiveFuzzIT] answers " + answers + ", " + reconnects + " reconnects, bystander got "
                    + seq + " messages");
            assertEquals(markers, seen);
        }
        var stats = Server.get("/stats");
        assertEquals(200, stats.statusCode(), stats::body);
        Server.json(stats.body()).asJsonObject().getJsonNumber("sessions");
    }

    // ------------------------------------------------------------------ generation

    private static String frame(Random r, String bystanderGroup) {
        int kind = r.nextInt(100);
        if (kind < 5) {
            return garbage(r);
        }
        if (kind < 7) {
            // Around the size limit: some just under, some over.
            int size = Server.MAXMESSAGE - 40 + r.nextInt(80);
            return "{\"type\":\"pub\",\"group\":\"fuzz/big\",\"msg\":\"" + "x".repeat(size - 40) + "\"}";
        }
        if (kind < 8) {
            int depth = 1 + r.nextInt(1800);
            return "{\"type\":\"ping\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        }
        StringBuilder out = new StringBuilder("{");
        List<String> members = new ArrayList<>();
        String type = TYPES[r.nextInt(TYPES.length)];
        if (type.equals("bye") && r.nextInt(5) != 0) {
            type = "ping";
        }
        if (r.nextInt(20) != 0) {
            members.add("\"type\":" + (r.nextInt(20) == 0 ? value(r, bystanderGroup) : quote(type)));
        }
        int extra = r.nextInt(5);
        for (int k = 0; k < extra; k++) {
            String key = KEYS[r.nextInt(KEYS.length)];
            members.add(quote(key) + ":" + (key.equals("group") && r.nextBoolean() ? quote(group(r, bystanderGroup))
                    : value(r, bystanderGroup)));
        }
        if (type.equals("pub") || type.equals("sub") || type.equals("unsub")) {
            members.add("\"group\":" + quote(group(r, bystanderGroup)));
            members.add("\"msg\":" + quote(text(r)));
        }
        out.append(String.join(",", members)).append('}');
        String frame = out.toString();
        return r.nextInt(15) == 0 ? mutate(r, frame) : frame;
    }

    private static String group(Random r, String bystanderGroup) {
        return switch (r.nextInt(9)) {
            case 0 -> bystanderGroup;
            case 1 -> "fuzz/" + r.nextInt(50);
            case 2 -> "fuzz/+";
            case 3 -> "#";
            case 4 -> "a/#/b";
            case 5 -> "";
            case 6 -> "g".repeat(120 + r.nextInt(20));
            default -> text(r);
        };
    }

    private static String value(Random r, String bystanderGroup) {
        return switch (r.nextInt(10)) {
            case 0 -> "null";
            case 1 -> r.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(r.nextLong());
            case 3 -> "1e" + r.nextInt(500);
            case 4 -> "[" + quote(text(r)) + "," + r.nextInt() + "]";
            case 5 -> "{\"a\":" + quote(text(r)) + "}";
            case 6 -> quote(group(r, bystanderGroup));
            default -> quote(text(r));
        };
    }

    /** Random text, with lone surrogates, control characters and astral characters among it. */
    private static String text(Random r) {
        int length = r.nextInt(12);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (r.nextInt(8)) {
                case 0 -> out.append((char) r.nextInt(0x20));
                case 1 -> out.append((char) (0xd800 + r.nextInt(0x800)));
                case 2 -> out.append((char) (0x7f + r.nextInt(0x21)));
                case 3 -> out.appendCodePoint(0x1f600 + r.nextInt(50));
                case 4 -> out.append("/+#\"\\".charAt(r.nextInt(5)));
                default -> out.append((char) ('a' + r.nextInt(26)));
            }
        }
        return out.toString();
    }

    private static String garbage(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> "";
            case 1 -> "null";
            case 2 -> "[" + r.nextInt() + "]";
            case 3 -> "{\"type\":\"ping\"" + "\u0000\ud800";
            default -> text(r);
        };
    }

    private static String mutate(Random r, String frame) {
        StringBuilder out = new StringBuilder(frame);
        int edits = 1 + r.nextInt(3);
        for (int k = 0; k < edits && out.length() > 0; k++) {
            int at = r.nextInt(out.length());
            switch (r.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, INSERTS.charAt(r.nextInt(INSERTS.length())));
                default -> out.setLength(at);
            }
        }
        return out.toString();
    }

    private static byte[] bytes(Random r) {
        byte[] data = new byte[r.nextInt(64)];
        r.nextBytes(data);
        return data;
    }

    /**
     * A WebSocket text frame is UTF-8, so a raw lone surrogate cannot be sent at all (the JDK
     * client refuses it); it becomes U+FFFD here. Escaped ones ({@code \\ud800}) go out as they are.
     */
    private static String wireSafe(String frame) {
        StringBuilder out = new StringBuilder(frame.length());
        for (int i = 0; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < frame.length() && Character.isLowSurrogate(frame.charAt(i + 1))) {
                out.append(c).append(frame.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return out.toString();
    }

    private static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "... (" + text.length() + " chars)" : text;
    }

    // ------------------------------------------------------------------ a client that sees closes as events

    /** A raw WebSocket client whose frames and close arrive on one queue, so neither is waited for in vain. */
    private static final class Probe implements WebSocket.Listener {
        private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        private int probes;

        static Probe hello() {
            Probe probe = new Probe();
            probe.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(RawClient.WAIT)
                    .buildAsync(Server.webSocketUri(), probe).orTimeout(20, TimeUnit.SECONDS).join();
            probe.send("{\"type\":\"hello\"}");
            Object welcome = probe.take();
            assertTrue(welcome instanceof JsonObject w && w.getString("type").equals("welcome"), "welcome: " + welcome);
            return probe;
        }

        void send(String text) {
            socket.sendText(text, true).orTimeout(20, TimeUnit.SECONDS).join();
        }

        /**
         * Sends a ping after the frame and reads up to its pong: exactly one reply must come before
         * it, unless the connection closed. Returns "ok", an error code, "pong", or "close CODE".
         */
        String answer(String frame) {
            String probeId = "probe-" + ++probes;
            boolean open = true;
            try {
                send("{\"type\":\"ping\",\"id\":\"" + probeId + "\"}");
            } catch (RuntimeException e) {
                open = false; // already closed by the server: the close event tells why
            }
            List<JsonObject> replies = new ArrayList<>();
            while (true) {
                Object event = take();
                if (event instanceof Integer code) {
                    return "close " + code;
                }
                JsonObject reply = (JsonObject) event;
                String type = reply.getString("type");
                if (type.equals("msg")) {
                    continue;
                }
                if (open && type.equals("pong") && probeId.equals(reply.getString("id", null))) {
                    if (replies.size() != 1) {
                        fail("expected exactly one reply to " + shorten(frame) + ", got " + replies);
                    }
                    JsonObject first = replies.get(0);
                    String kind = first.getString("type");
                    assertTrue(Set.of("ok", "error", "pong").contains(kind), first::toString);
                    return kind.equals("error") ? first.getString("code") : kind;
                }
                replies.add(reply);
            }
        }

        private Object take() {
            try {
                Object event = events.poll(20, TimeUnit.SECONDS);
                assertNotNull(event, "nothing from the server within 20 s");
                return event;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                events.add(Json.createReader(new StringReader(partial.toString())).readObject());
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add(-1);
        }
    }
}
