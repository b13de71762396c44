package io.watchbox.internal.core;

import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.Decoded;
import io.watchbox.internal.mqtt.codec.MqttDecoder;
import io.watchbox.internal.mqtt.codec.MqttEncoder;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.session.BinaryFrames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One MQTT client connection driven the way the MQTT endpoint drives it, with a fake socket underneath. */
final class MqttClient {

    final FakeConnection connection = new FakeConnection();
    final MqttProtocol protocol;
    final MqttVersion version;
    /** Frames before this one were read already (each frame holds whole packets). */
    private int seenUpTo;

    MqttClient(Broker broker, MqttVersion version) {
        this(broker, version, null);
    }

    /** A connection whose handshake the container authenticated as this user (null: anonymous). */
    MqttClient(Broker broker, MqttVersion version, String user) {
        this.version = version;
        this.protocol = broker.openMqtt(connection, Map.of(), new Handshake(Map.of(), null, "127.0.0.1"),
                user == null ? null : new WatchboxIdentity(user, Set.of(), null));
    }

    /** Connects with a will at QoS 1 to this topic, with these will properties (5.0) and this session expiry. */
    MqttClient connectWithWill(String clientId, String topic, String payload, Properties willProperties,
                               int expirySeconds) {
        Properties properties = version.isV5() && expirySeconds > 0
                ? Properties.builder().number(Property.SESSION_EXPIRY_INTERVAL, expirySeconds).build() : Properties.EMPTY;
        Packet.Will will = new Packet.Will(topic, Bytes.copyOf(payload.getBytes(StandardCharsets.UTF_8)), 1, false,
                willProperties);
        return send(new Packet.Connect(version, clientId, expirySeconds == 0, 0, Optional.empty(), Optional.empty(),
                Optional.of(will), properties));
    }

    /** Connects without clean session (3.1.1) or with clean start 0 and this session expiry (5.0). */
    MqttClient connectPersistent(String clientId, int expirySeconds) {
        return connect(clientId, false, 0, version.isV5()
                ? Properties.builder().number(Property.SESSION_EXPIRY_INTERVAL, expirySeconds).build() : Properties.EMPTY);
    }

    /** The socket drops without DISCONNECT, as the transport reports it. */
    void drop() {
        protocol.onClose();
    }

    MqttClient send(Packet packet) {
        protocol.onBinary(ByteBuffer.wrap(MqttEncoder.encode(packet, version)));
        return this;
    }

    MqttClient connect(String clientId) {
        return connect(clientId, true, 0, Properties.EMPTY);
    }

    MqttClient connect(String clientId, boolean clean, int keepAlive, Properties properties) {
        return send(new Packet.Connect(version, clientId, clean, keepAlive, Optional.empty(), Optional.empty(),
                Optional.empty(), properties));
    }

    MqttClient subscribe(int packetId, String filter, int qos) {
        return send(new Packet.Subscribe(packetId, List.of(Packet.Subscription.of(filter, qos)), Properties.EMPTY));
    }

    MqttClient publish(String topic, String payload, int qos, int packetId) {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, packetId);
    }

    MqttClient ack(Packet packet) {
        return send(packet);
    }

    MqttClient publish(String topic, byte[] payload, int qos, int packetId) {
        return send(new Packet.Publish(topic, Bytes.copyOf(payload), qos, false, false, packetId, Properties.EMPTY));
    }

    /** The payloads of every PUBLISH the server sent, as text, in order. */
    List<String> payloads() {
        return received(Packet.Publish.class).stream()
                .map(p -> new String(p.payload().toByteArray(), StandardCharsets.UTF_8)).toList();
    }

    /** Forgets what the server sent so far, so that what comes next reads alone. */
    MqttClient clear() {
        seenUpTo = connection.sentCount();
        return this;
    }

    /** Everything the server sent, decoded as this client's version reads it. */
    List<Packet> received() {
        MqttDecoder decoder = MqttDecoder.forClient(version, Integer.MAX_VALUE);
        List<Packet> packets = new ArrayList<>();
        List<String> sent = connection.sent();
        for (String frame : sent.subList(seenUpTo, sent.size())) {
            Decoded decoded = decoder.decode(BinaryFrames.bytesOf(frame));
            decoded.malformed().ifPresent(m -> {
                throw new AssertionError("the server sent a malformed packet: " + m);
            });
            packets.addAll(decoded.packets());
        }
        return packets;
    }

    <T extends Packet> List<T> received(Class<T> type) {
        return received().stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends Packet> T last(Class<T> type) {
        List<T> all = received(type);
        if (all.isEmpty()) {
            throw new AssertionError("no " + type.getSimpleName() + " in " + received());
        }
        return all.get(all.size() - 1);
    }

    List<Integer> closeCodes() {
        return connection.closeCodes();
    }
}
