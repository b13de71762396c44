package io.watchbox.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.watchbox.client.internal.Transport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** A transport whose connections the test opens, feeds and breaks by hand. */
final class FakeTransport implements Transport {
    // Concurrent collections: one test drives a client that runs on its own threads.
    private final Queue<Dial> dials = new ConcurrentLinkedQueue<>();
    private final AtomicInteger dialCount = new AtomicInteger();

    @Override
    public CompletionStage<Connection> connect(URI uri, Duration timeout, Listener listener) {
        Dial dial = new Dial(listener);
        dials.add(dial);
        dialCount.incrementAndGet();
        return dial.future;
    }

    /** How many connections the client tried to open so far. */
    int dialCount() {
        return dialCount.get();
    }

    /** The oldest connection attempt not yet answered. */
    Dial nextDial() {
        Dial dial = dials.poll();
        assertNotNull(dial, "the client did not try to connect");
        return dial;
    }

    /** Calls {@code connect()} and accepts the connection it opens, without welcoming it. */
    FakeConnection nextDialAfterConnect(WatchboxClient client) {
        client.connect();
        return nextDial().accept();
    }

    boolean hasPendingDial() {
        return !dials.isEmpty();
    }

    /** One attempt to open a connection. */
    static final class Dial {
        private final CompletableFuture<Connection> future = new CompletableFuture<>();
        private final Listener listener;

        Dial(Listener listener) {
            this.listener = listener;
        }

        FakeConnection accept() {
            FakeConnection connection = new FakeConnection(listener);
            future.complete(connection);
            return connection;
        }

        void refuse() {
            future.completeExceptionally(new ConnectException("Connection refused"));
        }
    }

    /** An open connection: what the client sent, and the server's side to play. */
    static final class FakeConnection implements Connection {
        private final Listener listener;
        private final List<String> sent = new CopyOnWriteArrayList<>();
        private volatile boolean aborted;
        private volatile Integer closeCode;

        FakeConnection(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void send(String text) {
            sent.add(text);
        }

        @Override
        public CompletionStage<?> close(int code, String reason) {
            closeCode = code;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void abort() {
            aborted = true;
        }

        boolean aborted() {
            return aborted;
        }

        Integer closeCode() {
            return closeCode;
        }

        // ---- what the client sent

        List<JsonObject> frames() {
            return sent.stream().map(FakeConnection::parse).collect(Collectors.toList());
        }

        List<JsonObject> frames(String type) {
            return frames().stream().filter(f -> f.getString("type").equals(type)).collect(Collectors.toList());
        }

        /** The types of the frames sent, in order, e.g. ["hello", "sub", "pub"]. */
        List<String> types() {
            return frames().stream().map(f -> f.getString("type")).collect(Collectors.toList());
        }

        JsonObject last(String type) {
            List<JsonObject> ofType = frames(type);
            assertNotNull(ofType.isEmpty() ? null : ofType, "no " + type + " frame was sent");
            return ofType.get(ofType.size() - 1);
        }

        /** Forgets what was sent so far, to look at what comes next. */
        void clearSent() {
            sent.clear();
        }

        // ---- the server's side

        void receive(JsonObjectBuilder frame) {
            listener.onText(frame.build().toString());
        }

        /** Several objects in one text frame, separated by \n, as a server batches them. */
        void receiveBatch(JsonObjectBuilder... frames) {
            listener.onText(Arrays.stream(frames).map(f -> f.build().toString())
                    .collect(Collectors.joining("\n")));
        }

        static JsonObjectBuilder msgFrame(long seq, String group, String text) {
            return Json.createObjectBuilder().add("type", "msg").add("seq", seq).add("group", group)
                    .add("msg", text).addNull("from");
        }

        void welcome(String uid, boolean resumed, int timeoutSeconds) {
            assertEquals("hello", frames().get(0).getString("type"), "hello must be the first frame");
            receive(Json.createObjectBuilder().add("type", "welcome").add("uid", uid)
                    .add("resumed", resumed).add("timeout", timeoutSeconds).add("listlimit", 50)
                    .add("resume", "key-of-" + uid));
        }

        void msg(long seq, String group, String text) {
            receive(msgFrame(seq, group, text));
        }

        /** Answers the request with this id. */
        void ok(String id) {
            receive(Json.createObjectBuilder().add("type", "ok").add("id", id));
        }

        void okDelivered(String id, int delivered) {
            receive(Json.createObjectBuilder().add("type", "ok").add("id", id).add("delivered", delivered));
        }

        /** A cluster replica's ok for a message the other replicas did not get (Redis out of reach). */
        void okNotRelayed(String id, int delivered) {
            receive(Json.createObjectBuilder().add("type", "ok").add("id", id).add("delivered", delivered)
                    .add("relayed", false));
        }

        /** Answers every request of these types sent so far with ok. */
        void okAll(String type) {
            frames(type).forEach(f -> ok(f.getString("id")));
        }

        void error(String id, String code, String reason) {
            receive(Json.createObjectBuilder().add("type", "error").add("id", id).add("code", code)
                    .add("reason", reason));
        }

        void pong() {
            receive(Json.createObjectBuilder().add("type", "pong"));
        }

        void closeByServer(int code) {
            listener.onClose(code, "");
        }

        void breakWith(IOException error) {
            listener.onError(error);
        }

        private static JsonObject parse(String text) {
            try (var reader = Json.createReader(new StringReader(text))) {
                return reader.readObject();
            }
        }
    }
}
