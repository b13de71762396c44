package io.watchbox.internal.mqtt.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttConnAck;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttSubAck;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Against an implementation nobody here wrote: the codec reads the CONNECT, PUBLISH and SUBSCRIBE
 * that Eclipse Paho's packet classes write, and Paho reads what the codec writes.
 */
class MqttPahoCrossCheckTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Bytes bytes(String text) {
        return Bytes.copyOf(utf8(text));
    }

    private static byte[] v3Bytes(org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage message) throws Exception {
        return Wire.concat(List.of(message.getHeader(), message.getPayload()));
    }

    @Nested
    class Mqtt311 {

        @Test
        void theCodecReadsPahosConnect() throws Exception {
            org.eclipse.paho.client.mqttv3.MqttMessage will = new org.eclipse.paho.client.mqttv3.MqttMessage(utf8("gone"));
            will.setQos(1);
            will.setRetained(true);
            byte[] written = v3Bytes(new org.eclipse.paho.client.mqttv3.internal.wire.MqttConnect(
                    "paho-1", 4, false, 30, "ann", "secret".toCharArray(), will, "status/paho-1"));

            Packet read = Wire.one(MqttDecoder.forServer(Wire.MAX), written);

            assertEquals(new Packet.Connect(MqttVersion.V3_1_1, "paho-1", false, 30, Optional.of("ann"), Optional.of(bytes("secret")),
                    Optional.of(new Packet.Will("status/paho-1", bytes("gone"), 1, true, Properties.EMPTY)), Properties.EMPTY), read);
        }

        @Test
        void theCodecReadsPahosMqtt31Connect() throws Exception {
            byte[] written = v3Bytes(new org.eclipse.paho.client.mqttv3.internal.wire.MqttConnect(
                    "old", 3, true, 60, null, null, null, null));

            assertEquals(Wire.connect(MqttVersion.V3_1).version(),
                    ((Packet.Connect) Wire.one(MqttDecoder.forServer(Wire.MAX), written)).version());
        }

        @Test
        void theCodecReadsPahosPublishAndSubscribe() throws Exception {
            org.eclipse.paho.client.mqttv3.MqttMessage message = new org.eclipse.paho.client.mqttv3.MqttMessage(new byte[] {0, (byte) 0xFF, 7});
            message.setQos(2);
            message.setRetained(true);
            org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish publish =
                    new org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish("a/ü/c", message);
            publish.setMessageId(513);
            org.eclipse.paho.client.mqttv3.internal.wire.MqttSubscribe subscribe =
                    new org.eclipse.paho.client.mqttv3.internal.wire.MqttSubscribe(new String[] {"a/#", "+/b"}, new int[] {1, 2});
            subscribe.setMessageId(9);
            MqttDecoder decoder = Wire.serverAfterConnect(MqttVersion.V3_1_1);

            Decoded read = decoder.decode(Wire.concat(List.of(v3Bytes(publish), v3Bytes(subscribe))));

            assertEquals(List.of(
                    new Packet.Publish("a/ü/c", Bytes.copyOf(new byte[] {0, (byte) 0xFF, 7}), 2, true, false, 513, Properties.EMPTY),
                    new Packet.Subscribe(9, List.of(Packet.Subscription.of("a/#", 1), Packet.Subscription.of("+/b", 2)), Properties.EMPTY)),
                    read.packets());
        }

        @Test
        void pahoReadsTheCodecsConnackPublishAndSuback() throws Exception {
            var connack = (org.eclipse.paho.client.mqttv3.internal.wire.MqttConnack) org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage
                    .createWireMessage(MqttEncoder.encode(new Packet.Connack(true, ReasonCode.SUCCESS, Properties.EMPTY), MqttVersion.V3_1_1));
            assertTrue(connack.getSessionPresent());
            assertEquals(0, connack.getReturnCode());

            byte[] ours = MqttEncoder.encode(new Packet.Publish("x/y", bytes("héllo"), 1, false, true, 65535, Properties.EMPTY), MqttVersion.V3_1_1);
            var publish = (org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish) org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage
                    .createWireMessage(ours);
            assertEquals("x/y", publish.getTopicName());
            assertArrayEquals(utf8("héllo"), publish.getMessage().getPayload());
            assertEquals(1, publish.getMessage().getQos());
            assertEquals(65535, publish.getMessageId());
            assertTrue(publish.getMessage().isDuplicate());
            assertArrayEquals(ours, v3Bytes(publish), "Paho writes it back byte for byte");

            var suback = (org.eclipse.paho.client.mqttv3.internal.wire.MqttSuback) org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage
                    .createWireMessage(MqttEncoder.encode(new Packet.Suback(4,
                            List.of(ReasonCode.GRANTED_QOS_2, ReasonCode.NOT_AUTHORIZED), Properties.EMPTY), MqttVersion.V3_1_1));
            assertArrayEquals(new int[] {2, 0x80}, suback.getGrantedQos());
            assertEquals(4, suback.getMessageId());
        }

        @Test
        void pahoReadsTheCodecsSubscribe() throws Exception {
            byte[] ours = MqttEncoder.encode(new Packet.Subscribe(77, List.of(Packet.Subscription.of("a/+", 1)), Properties.EMPTY),
                    MqttVersion.V3_1_1);

            var subscribe = org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage.createWireMessage(ours);

            assertEquals(77, subscribe.getMessageId());
            // Paho 3's SUBSCRIBE read from bytes cannot be written again (it keeps no filter), but it shows what it read.
            assertEquals("SUBSCRIBE names:[\"a/+\"] qos:[1]", subscribe.toString());
        }
    }

    @Nested
    class Mqtt5 {

        @Test
        void theCodecReadsPahosConnect() throws Exception {
            MqttProperties properties = new MqttProperties();
            properties.setSessionExpiryInterval(3600L);
            properties.setReceiveMaximum(10);
            properties.setMaximumPacketSize(65536L);
            properties.setTopicAliasMaximum(5);
            properties.setRequestProblemInfo(false);
            properties.setUserProperties(List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty("k", "v"),
                    new org.eclipse.paho.mqttv5.common.packet.UserProperty("k", "w")));
            MqttProperties willProperties = new MqttProperties();
            willProperties.setWillDelayInterval(30L);
            willProperties.setContentType("text/plain");
            org.eclipse.paho.mqttv5.common.packet.MqttConnect connect =
                    new org.eclipse.paho.mqttv5.common.packet.MqttConnect("paho-5", 5, true, 45, properties, willProperties);
            connect.setUserName("bob");
            connect.setPassword(utf8("jwt"));
            connect.setWillMessage(new org.eclipse.paho.mqttv5.common.MqttMessage(utf8("bye"), 2, false, willProperties));
            connect.setWillDestination("wills/paho-5");

            Packet read = Wire.one(MqttDecoder.forServer(Wire.MAX), connect.serialize());

            Properties expected = Properties.builder()
                    .number(Property.SESSION_EXPIRY_INTERVAL, 3600).number(Property.RECEIVE_MAXIMUM, 10)
                    .number(Property.MAXIMUM_PACKET_SIZE, 65536).number(Property.TOPIC_ALIAS_MAXIMUM, 5)
                    .number(Property.REQUEST_PROBLEM_INFORMATION, 0)
                    .userProperty("k", "v").userProperty("k", "w").build();
            Properties expectedWill = Properties.builder()
                    .number(Property.WILL_DELAY_INTERVAL, 30).string(Property.CONTENT_TYPE, "text/plain").build();
            assertEquals(new Packet.Connect(MqttVersion.V5, "paho-5", true, 45, Optional.of("bob"), Optional.of(bytes("jwt")),
                    Optional.of(new Packet.Will("wills/paho-5", bytes("bye"), 2, false, expectedWill)), expected), read);
        }

        @Test
        void theCodecReadsPahosPublishAndSubscribe() throws Exception {
            MqttProperties properties = new MqttProperties();
            properties.setPayloadFormat(true);
            properties.setMessageExpiryInterval(120L);
            properties.setContentType("application/json");
            properties.setResponseTopic("replies/1");
            properties.setCorrelationData(new byte[] {1, 2, 3});
            properties.setTopicAlias(4);
            properties.setUserProperties(List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty("trace", "abc")));
            org.eclipse.paho.mqttv5.common.packet.MqttPublish publish = new org.eclipse.paho.mqttv5.common.packet.MqttPublish(
                    "sensors/1", new org.eclipse.paho.mqttv5.common.MqttMessage(utf8("{}"), 1, true, properties), properties);
            publish.setMessageId(300);

            MqttSubscription first = new MqttSubscription("sensors/#", 2);
            first.setNoLocal(true);
            first.setRetainAsPublished(true);
            first.setRetainHandling(2);
            MqttProperties subscribeProperties = new MqttProperties();
            subscribeProperties.setSubscriptionIdentifier(42);
            org.eclipse.paho.mqttv5.common.packet.MqttSubscribe subscribe = new org.eclipse.paho.mqttv5.common.packet.MqttSubscribe(
                    new MqttSubscription[] {first, new MqttSubscription("$share/g/jobs", 1)}, subscribeProperties);
            subscribe.setMessageId(301);

            Decoded read = Wire.serverAfterConnect(MqttVersion.V5).decode(Wire.concat(List.of(publish.serialize(), subscribe.serialize())));

            Properties expected = Properties.builder()
                    .number(Property.PAYLOAD_FORMAT_INDICATOR, 1).number(Property.MESSAGE_EXPIRY_INTERVAL, 120)
                    .string(Property.CONTENT_TYPE, "application/json").string(Property.RESPONSE_TOPIC, "replies/1")
                    .binary(Property.CORRELATION_DATA, Bytes.copyOf(new byte[] {1, 2, 3})).number(Property.TOPIC_ALIAS, 4)
                    .userProperty("trace", "abc").build();
            assertEquals(List.of(
                    new Packet.Publish("sensors/1", bytes("{}"), 1, true, false, 300, expected),
                    new Packet.Subscribe(301, List.of(new Packet.Subscription("sensors/#", 2, true, true, 2),
                            new Packet.Subscription("$share/g/jobs", 1, false, false, 0)),
                            Properties.builder().subscriptionIdentifier(42).build())),
                    read.packets(), () -> "refused: " + read.malformed());
        }

        @Test
        void pahoReadsTheCodecsConnect() throws Exception {
            Packet.Connect ours = new Packet.Connect(MqttVersion.V5, "ours", false, 20, Optional.of("u"), Optional.of(bytes("p")),
                    Optional.of(new Packet.Will("w/t", bytes("x"), 1, true, Properties.builder().number(Property.WILL_DELAY_INTERVAL, 5).build())),
                    Properties.builder().number(Property.SESSION_EXPIRY_INTERVAL, 60).userProperty("a", "b").build());

            var connect = (org.eclipse.paho.mqttv5.common.packet.MqttConnect) org.eclipse.paho.mqttv5.common.packet.MqttWireMessage
                    .createWireMessage(MqttEncoder.encode(ours, MqttVersion.V5));

            assertEquals("ours", connect.getClientId());
            assertFalse(connect.isCleanStart());
            assertEquals(20, connect.getKeepAliveInterval());
            assertEquals("u", connect.getUserName());
            assertArrayEquals(utf8("p"), connect.getPassword());
            assertEquals("w/t", connect.getWillDestination());
            assertArrayEquals(utf8("x"), connect.getWillMessage().getPayload());
            assertEquals(5L, connect.getWillProperties().getWillDelayInterval());
            assertEquals(60L, connect.getProperties().getSessionExpiryInterval());
            assertEquals(List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty("a", "b")), connect.getProperties().getUserProperties());
        }

        @Test
        void pahoReadsTheCodecsPublishAndSubscribe() throws Exception {
            Packet.Publish ours = new Packet.Publish("t/1", Bytes.copyOf(new byte[] {9, 8}), 2, false, false, 12, Properties.builder()
                    .string(Property.RESPONSE_TOPIC, "r").binary(Property.CORRELATION_DATA, bytes("c"))
                    .subscriptionIdentifier(7).subscriptionIdentifier(300).userProperty("x", "y").build());

            var publish = (org.eclipse.paho.mqttv5.common.packet.MqttPublish) org.eclipse.paho.mqttv5.common.packet.MqttWireMessage
                    .createWireMessage(MqttEncoder.encode(ours, MqttVersion.V5));

            assertEquals("t/1", publish.getTopicName());
            assertArrayEquals(new byte[] {9, 8}, publish.getMessage().getPayload());
            assertEquals(2, publish.getQoS());
            assertEquals(12, publish.getMessageId());
            assertEquals("r", publish.getProperties().getResponseTopic());
            assertArrayEquals(utf8("c"), publish.getProperties().getCorrelationData());
            assertEquals(List.of(7, 300), publish.getProperties().getSubscriptionIdentifiers());

            Packet.Subscribe subscribe = new Packet.Subscribe(5, List.of(new Packet.Subscription("a/#", 1, true, false, 1)),
                    Properties.builder().subscriptionIdentifier(3).build());
            var read = (org.eclipse.paho.mqttv5.common.packet.MqttSubscribe) org.eclipse.paho.mqttv5.common.packet.MqttWireMessage
                    .createWireMessage(MqttEncoder.encode(subscribe, MqttVersion.V5));
            MqttSubscription subscription = read.getSubscriptions()[0];
            assertEquals("a/#", subscription.getTopic());
            assertEquals(1, subscription.getQos());
            assertTrue(subscription.isNoLocal());
            assertFalse(subscription.isRetainAsPublished());
            assertEquals(1, subscription.getRetainHandling());
            assertEquals(3, read.getProperties().getSubscriptionIdentifiers().get(0));
        }

        @Test
        void pahoReadsTheCodecsConnackAndSuback() throws Exception {
            var connack = (MqttConnAck) org.eclipse.paho.mqttv5.common.packet.MqttWireMessage.createWireMessage(MqttEncoder.encode(
                    new Packet.Connack(false, ReasonCode.SUCCESS, Properties.builder()
                            .string(Property.ASSIGNED_CLIENT_IDENTIFIER, "auto-1").number(Property.SERVER_KEEP_ALIVE, 30)
                            .number(Property.MAXIMUM_QOS, 1).number(Property.RETAIN_AVAILABLE, 1)
                            .number(Property.TOPIC_ALIAS_MAXIMUM, 10).build()),
                    MqttVersion.V5));
            assertEquals(0, connack.getReturnCode());
            assertEquals("auto-1", connack.getProperties().getAssignedClientIdentifier());
            assertEquals(30, connack.getProperties().getServerKeepAlive());
            assertEquals(1, connack.getProperties().getMaximumQoS());
            assertEquals(10, connack.getProperties().getTopicAliasMaximum());

            var suback = (MqttSubAck) org.eclipse.paho.mqttv5.common.packet.MqttWireMessage.createWireMessage(MqttEncoder.encode(
                    new Packet.Suback(6, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.TOPIC_FILTER_INVALID),
                            Properties.builder().string(Property.REASON_STRING, "no").build()), MqttVersion.V5));
            assertArrayEquals(new int[] {1, 0x8F}, suback.getReturnCodes());
            assertEquals("no", suback.getProperties().getReasonString());
        }
    }
}
