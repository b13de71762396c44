package io.watchbox.internal.mqtt.codec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An MQTT control packet, one immutable record per type. The same records serve 3.1.1 and 5.0: a
 * 3.1.1 packet has {@link Properties#EMPTY} and the reason code 3.1.1 implies (Success, or the
 * CONNACK and SUBACK codes it has). Constructors refuse what no version may send, so a packet
 * that exists can be encoded.
 */
public sealed interface Packet {

    PacketType type();

    /** CONNECT. {@code cleanStart} is 3.1.1's clean session. */
    record Connect(MqttVersion version, String clientId, boolean cleanStart, int keepAliveSeconds,
                   Optional<String> userName, Optional<Bytes> password, Optional<Will> will, Properties properties)
            implements Packet {
        public Connect {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(clientId, "clientId");
            PacketChecks.u16(keepAliveSeconds, "keep alive");
            Objects.requireNonNull(userName, "userName");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(will, "will");
            PacketChecks.properties(properties, Property.Place.CONNECT);
        }

        @Override
        public PacketType type() {
            return PacketType.CONNECT;
        }
    }

    /** The will of a CONNECT. */
    record Will(String topic, Bytes payload, int qos, boolean retain, Properties properties) {
        public Will {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
            PacketChecks.qos(qos);
            PacketChecks.properties(properties, Property.Place.WILL);
        }
    }

    record Connack(boolean sessionPresent, ReasonCode reason, Properties properties) implements Packet {
        public Connack {
            PacketChecks.reason(reason, PacketType.CONNACK);
            if (sessionPresent && reason.isError()) {
                throw new IllegalArgumentException("a refusing CONNACK has no session present (MQTT-3.2.2-6)");
            }
            PacketChecks.properties(properties, Property.Place.CONNACK);
        }

        @Override
        public PacketType type() {
            return PacketType.CONNACK;
        }
    }

    /**
     * PUBLISH. {@code packetId} is 0 at QoS 0 and from 1 to 65535 above. The topic may be empty in
     * 5.0 when a topic alias stands for it.
     */
    record Publish(String topic, Bytes payload, int qos, boolean retain, boolean dup, int packetId,
                   Properties properties) implements Packet {
        public Publish {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
            PacketChecks.qos(qos);
            if (qos == 0 && (dup || packetId != 0)) {
                throw new IllegalArgumentException("a QoS 0 PUBLISH has no DUP and no packet id (MQTT-3.3.1-2, MQTT-2.2.1-2)");
            }
            if (qos > 0) {
                PacketChecks.packetId(packetId);
            }
            PacketChecks.properties(properties, Property.Place.PUBLISH);
        }

        @Override
        public PacketType type() {
            return PacketType.PUBLISH;
        }
    }

    record Puback(int packetId, ReasonCode reason, Properties properties) implements Packet {
        public Puback {
            PacketChecks.ack(packetId, reason, properties, PacketType.PUBACK);
        }

        @Override
        public PacketType type() {
            return PacketType.PUBACK;
        }
    }

    record Pubrec(int packetId, ReasonCode reason, Properties properties) implements Packet {
        public Pubrec {
            PacketChecks.ack(packetId, reason, properties, PacketType.PUBREC);
        }

        @Override
        public PacketType type() {
            return PacketType.PUBREC;
        }
    }

    record Pubrel(int packetId, ReasonCode reason, Properties properties) implements Packet {
        public Pubrel {
            PacketChecks.ack(packetId, reason, properties, PacketType.PUBREL);
        }

        @Override
        public PacketType type() {
            return PacketType.PUBREL;
        }
    }

    record Pubcomp(int packetId, ReasonCode reason, Properties properties) implements Packet {
        public Pubcomp {
            PacketChecks.ack(packetId, reason, properties, PacketType.PUBCOMP);
        }

        @Override
        public PacketType type() {
            return PacketType.PUBCOMP;
        }
    }

    /**
     * One topic filter of a SUBSCRIBE with its options; 3.1.1 has only {@code maxQos}, the others
     * are false, false and 0 there. {@code retainHandling}: 0 send retained messages, 1 only for a
     * new subscription, 2 never.
     */
    record Subscription(String filter, int maxQos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
        public Subscription {
            Objects.requireNonNull(filter, "filter");
            PacketChecks.qos(maxQos);
            if (retainHandling < 0 || retainHandling > 2) {
                throw new IllegalArgumentException("retain handling " + retainHandling);
            }
        }

        /** A 3.1.1 subscription. */
        public static Subscription of(String filter, int maxQos) {
            return new Subscription(filter, maxQos, false, false, 0);
        }
    }

    record Subscribe(int packetId, List<Subscription> subscriptions, Properties properties) implements Packet {
        public Subscribe {
            PacketChecks.packetId(packetId);
            subscriptions = List.copyOf(subscriptions);
            if (subscriptions.isEmpty()) {
                throw new IllegalArgumentException("a SUBSCRIBE has at least one filter (MQTT-3.8.3-3)");
            }
            PacketChecks.properties(properties, Property.Place.SUBSCRIBE);
            if (properties.subscriptionIdentifiers().size() > 1) {
                throw new IllegalArgumentException("a SUBSCRIBE has at most one subscription identifier");
            }
        }

        @Override
        public PacketType type() {
            return PacketType.SUBSCRIBE;
        }
    }

    /** One code per filter of the SUBSCRIBE, in its order. */
    record Suback(int packetId, List<ReasonCode> reasons, Properties properties) implements Packet {
        public Suback {
            PacketChecks.packetId(packetId);
            reasons = List.copyOf(reasons);
            reasons.forEach(reason -> PacketChecks.reason(reason, PacketType.SUBACK));
            PacketChecks.properties(properties, Property.Place.SUBACK);
        }

        @Override
        public PacketType type() {
            return PacketType.SUBACK;
        }
    }

    record Unsubscribe(int packetId, List<String> filters, Properties properties) implements Packet {
        public Unsubscribe {
            PacketChecks.packetId(packetId);
            filters = List.copyOf(filters);
            if (filters.isEmpty()) {
                throw new IllegalArgumentException("an UNSUBSCRIBE has at least one filter (MQTT-3.10.3-2)");
            }
            PacketChecks.properties(properties, Property.Place.UNSUBSCRIBE);
        }

        @Override
        public PacketType type() {
            return PacketType.UNSUBSCRIBE;
        }
    }

    /** One code per filter in 5.0; 3.1.1's UNSUBACK has none, so {@code reasons} is empty there. */
    record Unsuback(int packetId, List<ReasonCode> reasons, Properties properties) implements Packet {
        public Unsuback {
            PacketChecks.packetId(packetId);
            reasons = List.copyOf(reasons);
            reasons.forEach(reason -> PacketChecks.reason(reason, PacketType.UNSUBACK));
            PacketChecks.properties(properties, Property.Place.UNSUBACK);
        }

        @Override
        public PacketType type() {
            return PacketType.UNSUBACK;
        }
    }

    record Pingreq() implements Packet {
        @Override
        public PacketType type() {
            return PacketType.PINGREQ;
        }
    }

    record Pingresp() implements Packet {
        @Override
        public PacketType type() {
            return PacketType.PINGRESP;
        }
    }

    /** In 3.1.1 only from a client, and always Normal disconnection without properties. */
    record Disconnect(ReasonCode reason, Properties properties) implements Packet {
        public Disconnect {
            PacketChecks.reason(reason, PacketType.DISCONNECT);
            PacketChecks.properties(properties, Property.Place.DISCONNECT);
        }

        @Override
        public PacketType type() {
            return PacketType.DISCONNECT;
        }
    }

    /** 5.0 only. */
    record Auth(ReasonCode reason, Properties properties) implements Packet {
        public Auth {
            PacketChecks.reason(reason, PacketType.AUTH);
            PacketChecks.properties(properties, Property.Place.AUTH);
        }

        @Override
        public PacketType type() {
            return PacketType.AUTH;
        }
    }
}
