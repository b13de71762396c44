package io.watchbox.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.logging.SocketFailures;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WebSocketConnectionTest {

    @Test
    void theContainerSendsUnderThePlatformClassLoaderAndTheCallersIsRestored() {
        List<ClassLoader> seenBySend = new ArrayList<>();
        WebSocketConnection connection = new WebSocketConnection(session((text, handler) -> {
            seenBySend.add(Thread.currentThread().getContextClassLoader());
            handler.onResult(new SendResult());
        }));
        ClassLoader application = new URLClassLoader(new URL[0]);
        Thread.currentThread().setContextClassLoader(application);
        AtomicReference<Throwable> outcome = new AtomicReference<>(new AssertionError("not completed"));
        try {
            connection.send("{\"type\":\"pong\"}", outcome::set);

            assertEquals(List.of(ClassLoader.getPlatformClassLoader()), seenBySend);
            assertSame(application, Thread.currentThread().getContextClassLoader());
            assertNull(outcome.get());
        } finally {
            Thread.currentThread().setContextClassLoader(ClassLoader.getSystemClassLoader());
        }
    }

    @Test
    void aContainerThatThrowsOnAClosedSocketReportsThePeerGoneAndRestoresTheLoader() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        WebSocketConnection connection = new WebSocketConnection(session((text, handler) -> {
            throw new IllegalStateException("closed");
        }, false));
        AtomicReference<Throwable> outcome = new AtomicReference<>();

        connection.send("x", outcome::set);

        assertTrue(SocketFailures.peerWentAway(outcome.get()), () -> String.valueOf(outcome.get()));
        assertEquals("closed", outcome.get().getCause().getMessage());
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void aContainerThatThrowsOnAnOpenSocketReportsAFaultToShow() {
        WebSocketConnection connection = new WebSocketConnection(session((text, handler) -> {
            throw new IllegalStateException("container bug");
        }, true));
        AtomicReference<Throwable> outcome = new AtomicReference<>();

        connection.send("x", outcome::set);

        assertFalse(SocketFailures.peerWentAway(outcome.get()));
        assertEquals("container bug", outcome.get().getMessage());
    }

    private interface Send {
        void sendText(String text, SendHandler handler);
    }

    /** An open session whose asynchronous remote does {@code send}. */
    private static Session session(Send send) {
        return session(send, true);
    }

    /** A session whose asynchronous remote does {@code send}, open or not; nothing else is used. */
    private static Session session(Send send, boolean open) {
        RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(getLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2 && args[1] instanceof SendHandler h) {
                        send.sendText((String) args[0], h);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (Session) Proxy.newProxyInstance(getLoader(), new Class<?>[] {Session.class}, (proxy, method, args) -> {
            if (method.getName().equals("getAsyncRemote")) {
                return async;
            }
            if (method.getName().equals("isOpen")) {
                return open;
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    private static ClassLoader getLoader() {
        return WebSocketConnectionTest.class.getClassLoader();
    }
}
