package io.watchbox.internal.transport;

import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.core.Broker;
import io.watchbox.internal.core.MqttProtocol;
import io.watchbox.internal.protocol.CloseCodes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * MQTT over WebSocket: hands each part of a binary frame to the connection's {@link MqttProtocol},
 * which reads packets across frame boundaries. Like {@link WatchboxEndpoint}, it keeps no state of
 * its own: each connection's protocol is found by its container session in the configurator's table.
 */
public final class MqttEndpoint extends Endpoint {

    /** The WebSocket subprotocols of MQTT (MQTT-6.0.0-3); "mqttv3.1" is what older clients offer. */
    public static final List<String> SUBPROTOCOLS = List.of("mqtt", "mqttv3.1");

    private final Broker broker;
    private final Map<Session, MqttProtocol> protocols;

    MqttEndpoint(Broker broker, Map<Session, MqttProtocol> protocols) {
        this.broker = broker;
        this.protocols = protocols;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Arrival arrival = Arrival.takeFrom(session.getUserProperties().get(Arrival.KEY));
        WebSocketConnection connection = new WebSocketConnection(session, broker.socketFailures(), true);
        String subprotocol = session.getNegotiatedSubprotocol();
        if (subprotocol == null || !SUBPROTOCOLS.contains(subprotocol)) {
            // The container completes a handshake that offered no MQTT subprotocol; nothing is read from it.
            connection.close(CloseCodes.PROTOCOL_ERROR, "offer the WebSocket subprotocol mqtt");
            return;
        }
        // A binary frame's parts are fed to the decoder as they come; a text frame is an error, so its buffer stays small.
        session.setMaxBinaryMessageBufferSize(8192);
        session.setMaxTextMessageBufferSize(1024);
        Handshake handshake = arrival == null ? new Handshake(Map.of(), null, null) : arrival.handshake();
        WatchboxIdentity containerUser = arrival == null ? null : arrival.containerUser();
        MqttProtocol opened = broker.openMqtt(connection, session.getRequestParameterMap(), handshake, containerUser);
        protocols.put(session, opened);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (part, last) -> opened.onBinary(part));
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) -> opened.onText());
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        MqttProtocol protocol = protocols.remove(session);
        if (protocol != null) {
            protocol.onClose();
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        MqttProtocol protocol = protocols.get(session);
        if (protocol != null) {
            protocol.transportFailed(failure);
        } else if (broker.socketFailures().report("socket", () -> "an MQTT WebSocket connection", failure)) {
            new WebSocketConnection(session, broker.socketFailures(), true).close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }
}
