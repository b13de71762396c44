package io.watchbox.internal.core.relay;

import static io.watchbox.internal.core.relay.CallBody.count;
import static io.watchbox.internal.core.relay.CallBody.read;
import static io.watchbox.internal.core.relay.CallBody.string;
import static io.watchbox.internal.core.relay.CallBody.write;

import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.mqtt.SubscriptionTable;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.UserProperty;
import io.watchbox.internal.mqtt.session.InFlight;
import io.watchbox.internal.mqtt.session.MqttSnapshot;
import io.watchbox.internal.mqtt.session.PendingWill;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.session.SessionSnapshot;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bodies of the calls that move a session: a replica asks the holder for the session
 * ({@link Take}), and the holder answers with it, or says why not ({@link Given}), in the bytes
 * of {@link CallBody}.
 *
 * <p>A given session is laid out as the first version laid it out (uid, key, owner, groups, last
 * seq, the kept messages' JSON tails, the watermarks), followed by a version byte
 * ({@value #VERSION}) and what each later version added, in order. Version 2: for each kept message
 * what MQTT needs beside its tail (group, sender, payload bytes, retain, QoS, properties), the
 * session's expiry and its MQTT state. Version 3: how long its client had been away. Version 4: the
 * MQTT 5.0 will waiting for its delay, if one does (the will, who set it, and how long until it is due).
 *
 * <p>Each version only appends, and a reader stops after the fields of its own version, so an
 * older replica reads a newer answer: one of the first version takes the session as a JSON session;
 * one of the second, as though its client had only just left (its timeout starts again there); one
 * of the third, without the will, which is then lost (neither replica publishes it). A
 * newer replica reads an older answer as a session without what that version lacks: an answer of the
 * first version, which ends after the watermarks, as a session without MQTT state whose kept
 * messages are known only by their tails; one of the second as a session whose client had only just
 * left; one of the third as a session without a will waiting. A version byte below 2 after the
 * watermarks is refused as garbled.
 */
public final class MoveCodec {

    private static final String WHAT = "a session move";
    /** The version of what follows the first version's fields (1 had none). */
    static final byte VERSION = 4;
    /** The first version that writes a version byte. */
    private static final byte SECOND = 2;
    /** The first version that says how long the client had been away. */
    private static final byte AWAY = 3;
    /** The first version that carries the will waiting for its delay. */
    private static final byte WILL = 4;
    /** The will properties a number stands for, in the order they are written; -1 for one absent. */
    private static final List<Property> WILL_NUMBERS = List.of(Property.PAYLOAD_FORMAT_INDICATOR,
            Property.MESSAGE_EXPIRY_INTERVAL, Property.WILL_DELAY_INTERVAL);
    private static final List<Property> WILL_STRINGS = List.of(Property.CONTENT_TYPE, Property.RESPONSE_TOPIC);
    private static final byte JSON_ONLY = 0;
    private static final byte WHOLE = 1;

    private MoveCodec() {
    }

    /**
     * A replica asks for the session of {@code uid}, for a client that holds {@code resumeKey}
     * (or null) and is {@code user} (or null, anonymous): the holder checks them as in a hello.
     */
    public record Take(String uid, String resumeKey, String user) {
    }

    /**
     * What the holder answers. {@code MOVED}: a replica that is stopping gave the session to another
     * replica a moment ago, and names it; the directory may not say so yet. (Last, so that the others
     * keep the numbers older replicas know.)
     */
    public enum Outcome { GIVEN, ABSENT, NOT_OWNER, MOVED }

    /**
     * @param snapshot   the session, when given
     * @param watermarks when given: for each replica, the number of its last message the holder
     *                   delivered before it let go of the session (see {@link ClusterRelay#watermarks()})
     * @param movedTo    when moved: the replica that has the session now
     */
    public record Given(Outcome outcome, SessionSnapshot snapshot, Map<String, Long> watermarks, String movedTo) {

        public Given(Outcome outcome, SessionSnapshot snapshot, Map<String, Long> watermarks) {
            this(outcome, snapshot, watermarks, null);
        }

        public static Given not(Outcome outcome) {
            return new Given(outcome, null, Map.of());
        }

        public static Given movedTo(String replica) {
            return new Given(Outcome.MOVED, null, Map.of(), replica);
        }
    }

    public static byte[] encode(Take take) {
        return write(out -> {
            string(out, take.uid());
            string(out, take.resumeKey());
            string(out, take.user());
        });
    }

    public static Take decodeTake(byte[] bytes) {
        return read(bytes, WHAT, in -> new Take(string(in), string(in), string(in)));
    }

    public static byte[] encode(Given given) {
        return write(out -> {
            out.writeByte(given.outcome().ordinal());
            if (given.outcome() == Outcome.MOVED) {
                string(out, given.movedTo());
            }
            if (given.outcome() != Outcome.GIVEN) {
                return;
            }
            SessionSnapshot s = given.snapshot();
            string(out, s.uid());
            string(out, s.resumeKey());
            string(out, s.owner());
            out.writeInt(s.groups().size());
            for (String group : s.groups()) {
                string(out, group);
            }
            out.writeLong(s.lastSeq());
            out.writeInt(s.kept().size());
            for (EncodedMessage message : s.kept()) {
                string(out, message.tail());
            }
            out.writeInt(given.watermarks().size());
            for (Map.Entry<String, Long> mark : given.watermarks().entrySet()) {
                string(out, mark.getKey());
                out.writeLong(mark.getValue());
            }
            out.writeByte(VERSION);
            for (EncodedMessage message : s.kept()) {
                writeForMqtt(out, message);
            }
            out.writeLong(s.expiryMillis());
            writeMqtt(out, s.mqtt());
            out.writeLong(s.awayMillis());
            writeWill(out, s.will());
        });
    }

    public static Given decodeGiven(byte[] bytes) {
        return read(bytes, WHAT, in -> {
            Outcome outcome = Outcome.values()[in.readByte()];
            if (outcome == Outcome.MOVED) {
                return Given.movedTo(string(in));
            }
            if (outcome != Outcome.GIVEN) {
                return Given.not(outcome);
            }
            String uid = string(in);
            String resumeKey = string(in);
            String owner = string(in);
            Set<String> groups = new HashSet<>();
            for (int i = in.readInt(); i > 0; i--) {
                groups.add(string(in));
            }
            long lastSeq = in.readLong();
            List<String> tails = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                tails.add(string(in));
            }
            Map<String, Long> marks = new HashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                marks.put(string(in), in.readLong());
            }
            List<EncodedMessage> kept = new ArrayList<>(tails.size());
            if (in.available() == 0) { // version 1
                tails.forEach(tail -> kept.add(new EncodedMessage(tail)));
                return new Given(outcome, new SessionSnapshot(uid, resumeKey, owner, groups, lastSeq, kept,
                        Session.TIMEOUT_SETTING, null), marks);
            }
            byte version = in.readByte();
            if (version < SECOND) {
                throw new IOException("a version that came before the one it says");
            }
            for (String tail : tails) {
                kept.add(readForMqtt(in, tail));
            }
            long expiryMillis = in.readLong();
            MqttSnapshot mqtt = readMqtt(in);
            long awayMillis = version >= AWAY ? in.readLong() : 0;
            PendingWill will = version >= WILL ? readWill(in) : null;
            return new Given(outcome, new SessionSnapshot(uid, resumeKey, owner, groups, lastSeq, kept, expiryMillis, mqtt,
                    awayMillis, will), marks);
        });
    }

    /** What MQTT needs of a message beside its JSON tail: nothing for one known only by its tail. */
    static void writeForMqtt(DataOutputStream out, EncodedMessage message) throws IOException {
        if (message.group() == null || message.payload() == null) {
            out.writeByte(JSON_ONLY);
            return;
        }
        out.writeByte(WHOLE);
        string(out, message.group());
        string(out, message.from());
        byte[] payload = message.payload().toByteArray();
        out.writeInt(payload.length);
        out.write(payload);
        out.writeByte(message.retain().ordinal());
        out.writeByte(message.qos());
        writeProperties(out, message.properties());
    }

    /** The message of a tail, whole again; its publish time is not carried (each replica has its own ticker). */
    static EncodedMessage readForMqtt(DataInputStream in, String tail) throws IOException {
        byte kind = in.readByte();
        if (kind == JSON_ONLY) {
            return new EncodedMessage(tail);
        }
        if (kind != WHOLE) {
            throw new IOException("bad message kind " + kind);
        }
        String group = string(in);
        String from = string(in);
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad payload length " + length);
        }
        Payload payload = Payload.adopt(in.readNBytes(length));
        EncodedMessage.Retain retain = EncodedMessage.Retain.values()[in.readByte()];
        int qos = in.readByte();
        MessageProperties properties = readProperties(in);
        return new EncodedMessage(tail, EncodedMessage.UNTIMED, group, payload, from, retain, properties).withQos(qos);
    }

    /**
     * The MQTT 5.0 properties a message carries: laid out as the relayed frames lay them out
     * ({@code cluster.RelayCodec}), with a leading flag for none.
     */
    private static void writeProperties(DataOutputStream out, MessageProperties properties) throws IOException {
        out.writeBoolean(!properties.isEmpty());
        if (properties.isEmpty()) {
            return;
        }
        out.writeLong(properties.expiresAt());
        out.writeByte(properties.payloadFormat());
        string(out, properties.contentType());
        string(out, properties.responseTopic());
        byte[] correlation = properties.correlationData();
        out.writeInt(correlation == null ? -1 : correlation.length);
        if (correlation != null) {
            out.write(correlation);
        }
        out.writeInt(properties.users().size());
        for (MessageProperties.User user : properties.users()) {
            string(out, user.name());
            string(out, user.value());
        }
    }

    private static MessageProperties readProperties(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return MessageProperties.EMPTY;
        }
        MessageProperties.Builder properties = MessageProperties.builder().expiresAt(in.readLong());
        int format = in.readByte();
        if (format != MessageProperties.NO_FORMAT) {
            properties.payloadFormat(format);
        }
        properties.contentType(string(in)).responseTopic(string(in));
        int length = in.readInt();
        if (length < -1 || length > in.available()) {
            throw new IOException("bad correlation data length " + length);
        }
        properties.correlationData(length == -1 ? null : in.readNBytes(length));
        for (int i = count(in); i > 0; i--) {
            properties.user(string(in), string(in));
        }
        return properties.build();
    }

    /**
     * The will waiting for its delay: a flag for none, then its topic, payload, QoS, retain flag, will
     * properties, who set it (a flag for anonymous, user, roles, expiry or -1) and how long until it is due.
     */
    private static void writeWill(DataOutputStream out, PendingWill pending) throws IOException {
        out.writeBoolean(pending != null);
        if (pending == null) {
            return;
        }
        Packet.Will will = pending.will();
        string(out, will.topic());
        byte[] payload = will.payload().toByteArray();
        out.writeInt(payload.length);
        out.write(payload);
        out.writeByte(will.qos());
        out.writeBoolean(will.retain());
        Properties properties = will.properties();
        for (Property number : WILL_NUMBERS) {
            out.writeLong(properties.number(number).orElse(-1));
        }
        for (Property text : WILL_STRINGS) {
            string(out, properties.string(text).orElse(null));
        }
        byte[] correlation = properties.binary(Property.CORRELATION_DATA).map(Bytes::toByteArray).orElse(null);
        out.writeInt(correlation == null ? -1 : correlation.length);
        if (correlation != null) {
            out.write(correlation);
        }
        out.writeInt(properties.userProperties().size());
        for (UserProperty user : properties.userProperties()) {
            string(out, user.name());
            string(out, user.value());
        }
        WatchboxIdentity publisher = pending.publisher();
        out.writeBoolean(publisher != null);
        if (publisher != null) {
            string(out, publisher.user());
            out.writeInt(publisher.roles().size());
            for (String role : publisher.roles()) {
                string(out, role);
            }
            out.writeLong(publisher.expires() == null ? -1 : publisher.expires().toEpochMilli());
        }
        out.writeLong(pending.dueInMillis());
    }

    private static PendingWill readWill(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String topic = string(in);
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad will payload length " + length);
        }
        Bytes payload = Bytes.adopt(in.readNBytes(length));
        int qos = in.readByte();
        boolean retain = in.readBoolean();
        Properties.Builder properties = Properties.builder();
        for (Property number : WILL_NUMBERS) {
            long value = in.readLong();
            if (value != -1) {
                properties.number(number, value);
            }
        }
        for (Property text : WILL_STRINGS) {
            String value = string(in);
            if (value != null) {
                properties.string(text, value);
            }
        }
        int correlation = in.readInt();
        if (correlation < -1 || correlation > in.available()) {
            throw new IOException("bad correlation data length " + correlation);
        }
        if (correlation != -1) {
            properties.binary(Property.CORRELATION_DATA, Bytes.adopt(in.readNBytes(correlation)));
        }
        for (int i = count(in); i > 0; i--) {
            properties.userProperty(string(in), string(in));
        }
        WatchboxIdentity publisher = null;
        if (in.readBoolean()) {
            String user = string(in);
            Set<String> roles = new HashSet<>();
            for (int i = count(in); i > 0; i--) {
                roles.add(string(in));
            }
            long expires = in.readLong();
            publisher = new WatchboxIdentity(user, roles, expires == -1 ? null : Instant.ofEpochMilli(expires));
        }
        return new PendingWill(new Packet.Will(topic, payload, qos, retain, properties.build()), publisher, in.readLong());
    }

    /** The MQTT state: a flag for none, then subscriptions, messages in flight, last taken seq, receipts. */
    private static void writeMqtt(DataOutputStream out, MqttSnapshot mqtt) throws IOException {
        out.writeBoolean(mqtt != null);
        if (mqtt == null) {
            return;
        }
        out.writeInt(mqtt.subscriptions().size());
        for (Map.Entry<String, SubscriptionTable.Entry> subscription : mqtt.subscriptions().entrySet()) {
            SubscriptionTable.Entry entry = subscription.getValue();
            string(out, subscription.getKey());
            out.writeByte(entry.qos());
            out.writeBoolean(entry.noLocal());
            out.writeBoolean(entry.retainAsPublished());
            out.writeInt(entry.identifier());
        }
        out.writeInt(mqtt.inFlight().size());
        for (InFlight sent : mqtt.inFlight()) {
            out.writeShort(sent.packetId());
            out.writeByte(sent.qos());
            out.writeBoolean(sent.released());
            string(out, sent.message().tail());
            writeForMqtt(out, sent.message());
        }
        out.writeLong(mqtt.lastTakenSeq());
        out.writeInt(mqtt.awaitingRelease().size());
        for (int packetId : mqtt.awaitingRelease()) {
            out.writeShort(packetId);
        }
    }

    private static MqttSnapshot readMqtt(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        Map<String, SubscriptionTable.Entry> subscriptions = new HashMap<>();
        for (int i = count(in); i > 0; i--) {
            subscriptions.put(string(in), new SubscriptionTable.Entry(in.readByte(), in.readBoolean(), in.readBoolean(),
                    in.readInt()));
        }
        List<InFlight> inFlight = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            int packetId = in.readUnsignedShort();
            int qos = in.readByte();
            boolean released = in.readBoolean();
            String tail = string(in);
            inFlight.add(new InFlight(packetId, readForMqtt(in, tail), qos, released));
        }
        long lastTakenSeq = in.readLong();
        Set<Integer> awaitingRelease = new HashSet<>();
        for (int i = count(in); i > 0; i--) {
            awaitingRelease.add(in.readUnsignedShort());
        }
        return new MqttSnapshot(subscriptions, inFlight, lastTakenSeq, awaitingRelease);
    }
}
