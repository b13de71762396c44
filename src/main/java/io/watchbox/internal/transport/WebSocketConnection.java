package io.watchbox.internal.transport;

import io.watchbox.internal.concurrent.UnderPlatformLoader;
import io.watchbox.internal.logging.SocketFailures;
import io.watchbox.internal.session.BinaryFrames;
import io.watchbox.internal.session.Connection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** A Jakarta WebSocket session as a broker {@link Connection}: asynchronous sends only. */
final class WebSocketConnection implements Connection {

    private final Session session;
    private final SocketFailures failures;
    /** Whether frames are binary: {@link BinaryFrames} carried in text (MQTT). */
    private final boolean binary;

    /** A connection whose failures a log of its own reports (for tests). */
    WebSocketConnection(Session session) {
        this(session, new SocketFailures());
    }

    /** @param failures reports a failed close, the broker's */
    WebSocketConnection(Session session, SocketFailures failures) {
        this(session, failures, false);
    }

    /** @param binary whether frames go out as binary ones, their bytes carried by {@link BinaryFrames} */
    WebSocketConnection(Session session, SocketFailures failures, boolean binary) {
        this.session = session;
        this.failures = failures;
        this.binary = binary;
    }

    @Override
    public void send(String text, Consumer<Throwable> done) {
        // Tyrus (Payara) schedules its idle-timeout task on the container's managed executor for
        // every send, and Payara captures the calling thread's context for it, which looks up
        // context providers through the thread's class loader: with the application's loader that
        // is a search of every jar, per frame (10 times Liberty's CPU per delivery in the
        // benchmark). Under the platform loader the same lookup is cheap; sending needs nothing
        // from the application's classes.
        UnderPlatformLoader.run(() -> {
            try {
                SendHandler handler = result -> done.accept(result.isOK() ? null : result.getException());
                if (binary) {
                    session.getAsyncRemote().sendBinary(ByteBuffer.wrap(BinaryFrames.bytesOf(text)), handler);
                } else {
                    session.getAsyncRemote().sendText(text, handler);
                }
            } catch (RuntimeException e) {
                // The container throws instead of reporting when the socket is already closed: the peer
                // went away. Thrown on an open socket, it is a fault to show.
                done.accept(session.isOpen() ? e : new IOException("the socket is closed", e));
            }
        });
    }

    @Override
    public void close(int code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException e) {
            failures.reportClosing("close", () -> "closing a client's socket", e);
        } catch (RuntimeException e) {
            // As with a send: the container throws when the socket closed meanwhile.
            failures.reportClosing("close", () -> "closing a client's socket",
                    session.isOpen() ? e : new IOException("the socket is closed", e));
        }
    }
}
