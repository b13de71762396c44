package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** QoS 2 from a client: PUBREC, PUBREL, PUBCOMP, and each message published once. */
class MqttExactlyOnceTest {

    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(600), new MutableClock(),
            new RecordingEvents());

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void aQos2PublishIsRecordedThenCompletedOnItsRelease(MqttVersion version) {
        Client json = Client.subscribed(broker, "json", "room");
        MqttClient publisher = new MqttClient(broker, version).connect("publisher");

        publisher.publish("room", "once", 2, 5);
        assertEquals(List.of(new Packet.Pubrec(5, ReasonCode.SUCCESS, Properties.EMPTY)),
                publisher.received(Packet.Pubrec.class));
        assertEquals(List.of("once"), json.texts());

        publisher.send(new Packet.Pubrel(5, ReasonCode.SUCCESS, Properties.EMPTY));
        assertEquals(List.of(new Packet.Pubcomp(5, ReasonCode.SUCCESS, Properties.EMPTY)),
                publisher.received(Packet.Pubcomp.class));
    }

    @Test
    void aQos2PublishSentAgainBeforeItsReleaseIsNotPublishedAgain() {
        Client json = Client.subscribed(broker, "json", "room");
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.publish("room", "once", 2, 5);
        publisher.send(new Packet.Publish("room", io.watchbox.internal.mqtt.codec.Bytes.copyOf("once".getBytes()),
                2, false, true, 5, Properties.EMPTY));

        assertEquals(List.of("once"), json.texts());
        assertEquals(2, publisher.received(Packet.Pubrec.class).size(), "each copy is acknowledged");
    }

    @Test
    void aPacketIdReleasedCarriesANewMessage() {
        Client json = Client.subscribed(broker, "json", "room");
        MqttClient publisher = new MqttClient(broker, MqttVersion.V3_1_1).connect("publisher");

        publisher.publish("room", "first", 2, 5);
        publisher.send(new Packet.Pubrel(5, ReasonCode.SUCCESS, Properties.EMPTY));
        publisher.publish("room", "second", 2, 5);

        assertEquals(List.of("first", "second"), json.texts());
    }

    @Test
    void aReleaseOfAnUnknownPacketIdIsAnsweredPacketIdentifierNotFoundInVersion5() {
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.send(new Packet.Pubrel(9, ReasonCode.SUCCESS, Properties.EMPTY));

        assertEquals(ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, publisher.last(Packet.Pubcomp.class).reason());
        assertEquals(List.of(), publisher.closeCodes());
    }

    @Test
    void aRefusedQos2PublishIsAnsweredWithAFailingPubrecAndNotRecorded() {
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        publisher.publish("bad/+", "x", 2, 3);
        publisher.send(new Packet.Pubrel(3, ReasonCode.SUCCESS, Properties.EMPTY));

        assertEquals(ReasonCode.TOPIC_NAME_INVALID, publisher.last(Packet.Pubrec.class).reason());
        assertEquals(ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, publisher.last(Packet.Pubcomp.class).reason());
    }

    @Test
    void aVersion5ClientIsToldTheServersReceiveMaximumAndDisconnectedPastIt() {
        Client json = Client.subscribed(broker, "json", "room");
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");
        int maximum = (int) publisher.last(Packet.Connack.class).properties()
                .number(io.watchbox.internal.mqtt.codec.Property.RECEIVE_MAXIMUM).getAsLong();

        for (int id = 1; id <= maximum; id++) {
            publisher.publish("room", "m", 2, id);
        }
        assertEquals(List.of(), publisher.closeCodes());
        publisher.publish("room", "one too many", 2, maximum + 1);

        assertEquals(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, publisher.last(Packet.Disconnect.class).reason());
        assertEquals(maximum, json.texts().size());
        assertEquals(1, publisher.closeCodes().size());
    }

    @Test
    void releasedMessagesLeaveRoomUnderTheReceiveMaximum() {
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");

        for (int id = 1; id <= MqttInbound.RECEIVE_MAXIMUM * 2; id++) {
            publisher.publish("room", "m", 2, id);
            publisher.send(new Packet.Pubrel(id, ReasonCode.SUCCESS, Properties.EMPTY));
        }

        assertEquals(List.of(), publisher.closeCodes());
    }
}
