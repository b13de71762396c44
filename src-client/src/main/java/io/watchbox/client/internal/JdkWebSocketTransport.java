package io.watchbox.client.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@link Transport} on the JDK's {@link java.net.http.WebSocket}. */
public final class JdkWebSocketTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(JdkWebSocketTransport.class.getName());
    private static final long CLOSE_GRACE_SECONDS = 5;

    private final HttpClient httpClient;

    public JdkWebSocketTransport() {
        this(HttpClient.newHttpClient());
    }

    public JdkWebSocketTransport(HttpClient httpClient) {
        this.httpClient = httpClient;
    }

    @Override
    public CompletionStage<Connection> connect(URI uri, Duration timeout, Listener listener) {
        return httpClient.newWebSocketBuilder()
                .connectTimeout(timeout)
                .buildAsync(uri, new FrameAssembler(listener))
                .thenApply(webSocket -> new JdkConnection(webSocket, listener));
    }

    /** Joins the parts of each text frame and asks for one message at a time. */
    private static final class FrameAssembler implements WebSocket.Listener {
        private final Listener listener;
        private final StringBuilder partial = new StringBuilder();

        FrameAssembler(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                listener.onText(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            LOG.fine("ignoring a binary frame");
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            listener.onClose(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            listener.onError(error);
        }
    }

    /**
     * The JDK allows one outstanding {@code sendText}; each frame is chained on the previous
     * one's future. Only the client's own thread calls {@link #send}, so {@code tail} needs no
     * lock.
     */
    private static final class JdkConnection implements Connection {
        private final WebSocket webSocket;
        private final Listener listener;
        private CompletableFuture<WebSocket> tail;

        JdkConnection(WebSocket webSocket, Listener listener) {
            this.webSocket = webSocket;
            this.listener = listener;
            this.tail = CompletableFuture.completedFuture(webSocket);
        }

        @Override
        public void send(String text) {
            tail = tail.thenCompose(ws -> ws.sendText(text, true));
            tail.exceptionally(error -> {
                // A failed send leaves the socket unusable; report it as a drop.
                LOG.log(Level.FINE, "send failed, aborting the connection", error);
                webSocket.abort();
                listener.onError(error);
                return null;
            });
        }

        @Override
        public CompletionStage<?> close(int code, String reason) {
            tail = tail.thenCompose(ws -> ws.sendClose(code, reason));
            // Do not wait forever for the server's half of the handshake.
            tail.whenComplete((ws, error) -> CompletableFuture.delayedExecutor(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)
                    .execute(webSocket::abort));
            return tail;
        }

        @Override
        public void abort() {
            webSocket.abort();
        }
    }
}
