package io.watchbox.internal.transport;

import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.core.Broker;
import io.watchbox.internal.core.ClientProtocol;
import io.watchbox.internal.protocol.CloseCodes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The WebSocket transport: hands each text frame to the connection's {@link ClientProtocol}.
 * A programmatic endpoint rather than an annotated one, because its path comes from
 * {@code watchbox.path}. It keeps no state of its own: each connection's protocol is found by its
 * container session in a table the deployment's configurator owns, so that nothing depends on
 * how often a container asks for an instance, or on whether it copies user properties per
 * connection (a programmatic endpoint, unlike an annotated one, is not promised one instance per connection).
 */
public final class WatchboxEndpoint extends Endpoint {

    private final Broker broker;
    private final Map<Session, ClientProtocol> protocols;

    /** @param protocols each open connection's protocol, shared by every instance of one deployment */
    WatchboxEndpoint(Broker broker, Map<Session, ClientProtocol> protocols) {
        this.broker = broker;
        this.protocols = protocols;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // Text arrives in parts (see below), so the container's buffer only bounds one part.
        session.setMaxBinaryMessageBufferSize(1024);
        // No container idle timeout: Watchbox ends silent sessions itself (4408). Payara's (Tyrus)
        // idle timer was seen to fire after its socket had closed and to write "1000 idle timeout"
        // onto the next, unrelated connection, which then closed before its hello.
        // Without the handshake (a container that did not pass it on) the client's address is unknown.
        Arrival arrival = Arrival.takeFrom(session.getUserProperties().get(Arrival.KEY));
        Handshake handshake = arrival == null ? new Handshake(Map.of(), null, null) : arrival.handshake();
        WatchboxIdentity containerUser = arrival == null ? null : arrival.containerUser();
        ClientProtocol opened = broker.open(new WebSocketConnection(session, broker.socketFailures()), session.getRequestParameterMap(), handshake,
                containerUser);
        protocols.put(session, opened);
        // Parts, not whole frames: the protocol stops gathering a frame once it exceeds maxmessage.
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) opened::onTextPart);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> opened.onBinary());
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        ClientProtocol protocol = protocols.remove(session);
        if (protocol != null) {
            protocol.onClose();
        }
    }

    /**
     * A peer that went away stays quiet; anything else is shown in {@code watchbox.error} and
     * closes this socket, and only this one, with 1011 (see {@link ClientProtocol#transportFailed}).
     */
    @Override
    public void onError(Session session, Throwable failure) {
        ClientProtocol protocol = protocols.get(session);
        if (protocol != null) {
            protocol.transportFailed(failure);
        } else if (broker.socketFailures().report("socket", () -> "a WebSocket connection", failure)) {
            // Failed before it was opened, or after it closed: there is no protocol to close it through.
            new WebSocketConnection(session, broker.socketFailures()).close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }
}
