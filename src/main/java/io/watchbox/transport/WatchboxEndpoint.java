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
@ServerEndpoint(value = "/watchbox", configurator = NoHttpSessionConfigurator.class)
public class WatchboxEndpoint {

    private static final Logger LOG = Logger.getLogger(WatchboxEndpoint.class.getName());

    @Inject
    Watchbox watchbox;

    private ClientProtocol protocol;

    @OnOpen
    public void open(Session session) {
        // Text arrives in parts (see text below), so the container's buffer only bounds one part.
        session.setMaxBinaryMessageBufferSize(1024);
        session.setMaxIdleTimeout(watchbox.settings().timeoutMillis() * 2);
        protocol = watchbox.open(new WebSocketConnection(session), session.getRequestParameterMap());
    }

    /** Parts, not whole frames: the protocol stops gathering a frame once it exceeds maxmessage. */
    @OnMessage
    public void text(String part, boolean last) {
        protocol.onTextPart(part, last);
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
