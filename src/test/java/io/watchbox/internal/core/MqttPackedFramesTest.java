package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.mqtt.codec.Decoded;
import io.watchbox.internal.mqtt.codec.MqttDecoder;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.session.BinaryFrames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An MQTT subscriber's socket that is busy gets the PUBLISH packets that waited in one binary frame. */
class MqttPackedFramesTest {

    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(600), new MutableClock(),
            new RecordingEvents());
    private final Client json = Client.subscribed(broker, "json");
    private int subscribedAt;

    @Test
    void publishesThatWaitForABusySocketGoOutInOneFrameInOrder() {
        MqttClient subscriber = busySubscriber(Properties.EMPTY, 1);

        for (String text : List.of("a", "b", "c", "d")) {
            json.publish("room", text);
        }
        subscriber.connection.release();

        assertEquals(List.of(List.of("a"), List.of("b", "c", "d")), framesOfPayloads(subscriber));
        assertEquals(List.of(1, 2, 3, 4), subscriber.received(Packet.Publish.class).stream()
                .map(Packet.Publish::packetId).toList());
    }

    @Test
    void aPackedFrameHoldsNoMoreThanTheClientsReceiveMaximumLets() {
        MqttClient subscriber = busySubscriber(Properties.builder().number(Property.RECEIVE_MAXIMUM, 3).build(), 1);
        for (String text : List.of("a", "b", "c", "d", "e", "f")) {
            json.publish("room", text);
        }
        subscriber.connection.release();
        assertEquals(List.of(List.of("a"), List.of("b", "c")), framesOfPayloads(subscriber));

        subscriber.connection.hold();
        for (int packetId = 1; packetId <= 3; packetId++) {
            subscriber.ack(new Packet.Puback(packetId, ReasonCode.SUCCESS, Properties.EMPTY));
        }
        subscriber.connection.release();

        assertEquals(List.of(List.of("a"), List.of("b", "c"), List.of("d"), List.of("e", "f")), framesOfPayloads(subscriber),
                "the first PUBACK let d go alone; e and f waited for it");
    }

    @Test
    void aClientThatTakesSmallPacketsIsSentNoFrameLargerThanThem() {
        assertEquals(MqttDelivery.MAX_PACKED_FRAME_BYTES, MqttDelivery.packedFrameBytes(268_435_455));
        MqttClient subscriber = busySubscriber(Properties.builder().number(Property.MAXIMUM_PACKET_SIZE, 30).build(), 0);
        for (String text : List.of("first", "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc")) {
            json.publish("room", text); // each PUBLISH at QoS 0 is 2 + 6 + 1 + 10 = 19 bytes or less
        }
        subscriber.connection.release();

        assertEquals(List.of(List.of("first"), List.of("aaaaaaaaaa"), List.of("bbbbbbbbbb"), List.of("cccccccccc")),
                framesOfPayloads(subscriber), "two packets would make a frame of 38 bytes");
        subscriber.connection.sent().forEach(frame -> assertTrue(frame.length() <= 30, "frame of " + frame.length()));
    }

    /** The payloads of the PUBLISH packets in each frame the subscriber was sent since it subscribed. */
    private List<List<String>> framesOfPayloads(MqttClient subscriber) {
        List<String> frames = subscriber.connection.sent();
        MqttDecoder decoder = MqttDecoder.forClient(subscriber.version, Integer.MAX_VALUE);
        return frames.subList(subscribedAt, frames.size()).stream()
                .map(frame -> payloads(decoder.decode(BinaryFrames.bytesOf(frame))))
                .toList();
    }

    /** A subscriber of "room" at this QoS whose socket is busy from now on. */
    private MqttClient busySubscriber(Properties connectProperties, int qos) {
        MqttClient subscriber = new MqttClient(broker, MqttVersion.V5).connect("sub", true, 0, connectProperties)
                .subscribe(1, "room", qos);
        subscribedAt = subscriber.connection.sentCount();
        subscriber.connection.hold();
        return subscriber;
    }

    private static List<String> payloads(Decoded decoded) {
        return decoded.packets().stream().filter(Packet.Publish.class::isInstance).map(Packet.Publish.class::cast)
                .map(p -> new String(p.payload().toByteArray(), StandardCharsets.UTF_8)).toList();
    }
}
