package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that speaks the contract byte for byte, on the JDK's java.net.http.WebSocket:
 * sends raw text, and hands received frames back one at a time. Created paused, it reads nothing
 * from the socket (so its TCP window fills) until {@link #resume} is called.
 */
final class RawClient implements AutoCloseable {

    private final List<String> textFrames = new CopyOnWriteArrayList<>();
    static final Duration WAIT = Duration.ofSeconds(20);

    private JsonObject welcome;

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private RawClient(URI uri, boolean reading) {
        this(uri, reading, Map.of());
    }

    private RawClient(URI uri, boolean reading, Map<String, String> headers) {
        Listener listener = new Listener(reading);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        try {
            socket = builder
                    .buildAsync(uri, listener)
                    .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .join();
        } catch (CompletionException e) {
            // Payara once answered a handshake of ErrorsIT with 301, which the JDK reports without headers.
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                HttpResponse<?> answer = refused.getResponse();
                throw new AssertionError("the handshake to " + uri + " was answered " + answer.statusCode()
                        + " with headers " + answer.headers().map() + " and body " + answer.body(), e);
            }
            throw e;
        }
    }

    static RawClient connect() {
        return new RawClient(Server.webSocketUri(), true);
    }

    /** Connects with a query string on the handshake, e.g. {@code token=abc}. */
    static RawClient connect(String query) {
        return new RawClient(java.net.URI.create(Server.webSocketUri() + "?" + query), true);
    }

    /** Connects to another address than the test server's default endpoint. */
    static RawClient connectTo(URI uri) {
        return new RawClient(uri, true);
    }

    /** Connects to another address with more headers on the handshake. */
    static RawClient connectTo(URI uri, Map<String, String> headers) {
        return new RawClient(uri, true, headers);
    }

    /** Connects with one more header on the handshake, e.g. a {@code Cookie}. */
    static RawClient connectWithHeader(String name, String value) {
        return new RawClient(Server.webSocketUri(), true, Map.of(name, value));
    }

    /** A client that reads nothing until resumed. */
    static RawClient connectPaused() {
        return new RawClient(Server.webSocketUri(), false);
    }

    /** Connects and says hello; returns the welcome. */
    static RawClient hello(String uid) {
        RawClient client = connect();
        client.send(uid == null ? "{\"type\":\"hello\"}" : "{\"type\":\"hello\",\"uid\":\"" + uid + "\"}");
        client.welcome = client.expect("welcome");
        return client;
    }

    /** The secret resume key of the session this client said hello to. */
    String resumeKey() {
        return welcome.getString("resume");
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Starts sending without waiting: for frames the server may stop reading halfway. */
    void sendWithoutWaiting(String text) {
        socket.sendText(text, true);
    }

    void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The next frame, which must be of this type. */
    JsonObject expect(String type) {
        JsonObject frame = next();
        assertEquals(type, frame.getString("type"), () -> "expected a " + type + " frame, got " + frame);
        return frame;
    }

    JsonObject next() {
        return next(WAIT);
    }

    JsonObject next(Duration wait) {
        try {
            JsonObject frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(frame, "no frame within " + wait);
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every text frame received so far, as it came: a batched one holds several objects. */
    List<String> textFrames() {
        return List.copyOf(textFrames);
    }

    /** Frames already received and not yet taken. */
    int pending() {
        return frames.size();
    }

    /** The close code the server sent, waiting for it; -1 when the connection broke without one. */
    int closeCode() {
        return closeCode(WAIT);
    }

    int closeCode(Duration wait) {
        return closeCode.orTimeout(wait.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Drops the TCP connection without a close handshake. */
    void abort() {
        socket.abort();
    }

    void resume() {
        socket.request(Long.MAX_VALUE);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final boolean reading;
        private final StringBuilder partial = new StringBuilder();

        Listener(boolean reading) {
            this.reading = reading;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(reading ? Long.MAX_VALUE : 1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                textFrames.add(text);
                // A client that asked for batching gets objects separated by \n (JSON text holds none unescaped).
                for (String object : text.split("\n")) {
                    frames.add(Json.createReader(new StringReader(object)).readObject());
                }
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            throw new AssertionError("the server never sends binary frames");
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
