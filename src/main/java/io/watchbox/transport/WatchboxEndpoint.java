package io.watchbox.transport;

import io.watchbox.Watchbox;
import io.watchbox.core.ClientProtocol;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket transport: hands each text frame to the connection's {@link ClientProtocol}.
 * The container creates one instance per connection and calls it for one frame at a time.
 */
// @Dependent makes it a CDI bean (discovery is 'annotated'), so the container can inject it.
@Dependent
@ServerEndpoint("/watchbox")
public class WatchboxEndpoint {

    private static final Logger LOG = Logger.getLogger(WatchboxEndpoint.class.getName());

    @Inject
    Watchbox watchbox;

    private ClientProtocol protocol;

    @OnOpen
    public void open(Session session) {
        int maxmessage = watchbox.settings().maxmessage();
        // Frames somewhat over the limit still arrive, so the client gets the contract's too-large
        // answer; far larger ones are refused by the container before being buffered.
        session.setMaxTextMessageBufferSize(maxmessage * 4 + 1024);
        session.setMaxBinaryMessageBufferSize(1024);
        session.setMaxIdleTimeout(watchbox.settings().timeoutMillis() * 2);
        protocol = watchbox.open(new WebSocketConnection(session), session.getRequestParameterMap());
    }

    @OnMessage
    public void text(String text) {
        protocol.onText(text);
    }

    @OnMessage
    public void binary(ByteBuffer data) {
        protocol.onBinary();
    }

    @OnClose
    public void close(CloseReason reason) {
        if (protocol != null) {
            protocol.onClose();
        }
    }

    @OnError
    public void error(Throwable failure) {
        LOG.log(Level.FINE, "WebSocket error", failure);
    }
}
