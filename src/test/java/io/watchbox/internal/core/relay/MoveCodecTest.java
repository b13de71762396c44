package io.watchbox.internal.core.relay;

import static io.watchbox.internal.core.relay.CallBody.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.watchbox.internal.core.relay.MoveCodec.Given;
import io.watchbox.internal.core.relay.MoveCodec.Outcome;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.mqtt.SubscriptionTable;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.session.InFlight;
import io.watchbox.internal.mqtt.session.MqttSnapshot;
import io.watchbox.internal.mqtt.session.PendingWill;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.session.SessionSnapshot;
import java.io.DataInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The session a replica hands to another: whole, and readable across the versions of the codec. */
class MoveCodecTest {

    private static final EncodedMessage FROM_MQTT = new EncodedMessage("{\"group\":\"room\",\"bin\":\"/wAB\"}",
            EncodedMessage.UNTIMED, "room", Payload.ofBytes(new byte[] {(byte) 0xff, 0, 1}), "pub",
            EncodedMessage.Retain.PUBLISHED, MessageProperties.builder().user("k", "v").contentType("x/y")
                    .correlationData(new byte[] {7}).expiresAt(1234).build()).withQos(2);
    private static final EncodedMessage FROM_JSON = new EncodedMessage("{\"group\":\"room\",\"msg\":\"hi\"}",
            EncodedMessage.UNTIMED, "room", Payload.ofText("hi"));
    private static final EncodedMessage TAIL_ONLY = new EncodedMessage("{\"group\":\"room\",\"msg\":\"old\"}");
    private static final MqttSnapshot MQTT = new MqttSnapshot(
            Map.of("room", new SubscriptionTable.Entry(2, true, false, 7), "$share/g/news", new SubscriptionTable.Entry(1, false, true, 0)),
            List.of(new InFlight(65535, FROM_MQTT, 2, true), new InFlight(1, FROM_JSON, 1, false)), 41, Set.of(8, 9));
    private static final PendingWill WILL = new PendingWill(new Packet.Will("status/dev1",
            Bytes.copyOf(new byte[] {(byte) 0xff, 'g', 'o', 'n', 'e'}), 2, true, Properties.builder()
                    .number(Property.WILL_DELAY_INTERVAL, 30).number(Property.MESSAGE_EXPIRY_INTERVAL, 60)
                    .number(Property.PAYLOAD_FORMAT_INDICATOR, 0).string(Property.CONTENT_TYPE, "x/y")
                    .string(Property.RESPONSE_TOPIC, "replies/dev1").binary(Property.CORRELATION_DATA, Bytes.copyOf(new byte[] {7}))
                    .userProperty("k", "v").userProperty("k", "w").build()),
            new WatchboxIdentity("alice", Set.of("staff", "devices"), Instant.ofEpochMilli(1_900_000_000_000L)), 12_345);
    private static final SessionSnapshot MQTT_SESSION = new SessionSnapshot("dev1", "key", "alice",
            Set.of("room", "$share/g/news"), 44, List.of(TAIL_ONLY, FROM_JSON, FROM_MQTT), 300_000, MQTT, 42_000, WILL);

    @Test
    void anMqttSessionComesBackWholeWithItsStateAndMessages() {
        Given given = new Given(Outcome.GIVEN, MQTT_SESSION, Map.of("r1", 12L, "r2", 3L));

        assertEquals(given, MoveCodec.decodeGiven(MoveCodec.encode(given)));
    }

    @Test
    void aJsonSessionComesBackWithoutMqttStateAndItsTimeoutExpiry() {
        SessionSnapshot json = new SessionSnapshot("ann", "key", null, Set.of("news/#"), 2, List.of(FROM_JSON),
                Session.TIMEOUT_SETTING, null);
        Given given = new Given(Outcome.GIVEN, json, Map.of());

        assertEquals(given, MoveCodec.decodeGiven(MoveCodec.encode(given)));
        assertEquals(Given.not(Outcome.NOT_OWNER), MoveCodec.decodeGiven(MoveCodec.encode(Given.not(Outcome.NOT_OWNER))));
    }

    @Test
    void howLongTheClientHadBeenAwayComesBackAsItWas() {
        Given given = new Given(Outcome.GIVEN, MQTT_SESSION, Map.of());

        assertEquals(42_000, MoveCodec.decodeGiven(MoveCodec.encode(given)).snapshot().awayMillis());
    }

    @Test
    void theWillWaitingForItsDelayComesBackWholeAndSoDoesAnAnonymousOnesWithoutProperties() {
        PendingWill bare = new PendingWill(new Packet.Will("status/x", Bytes.EMPTY, 0, false, Properties.EMPTY), null, 0);

        assertEquals(WILL, MoveCodec.decodeGiven(MoveCodec.encode(new Given(Outcome.GIVEN, MQTT_SESSION, Map.of())))
                .snapshot().will());
        assertEquals(bare, MoveCodec.decodeGiven(MoveCodec.encode(new Given(Outcome.GIVEN, MQTT_SESSION.withWill(bare),
                Map.of()))).snapshot().will());
        assertNull(MoveCodec.decodeGiven(MoveCodec.encode(new Given(Outcome.GIVEN, MQTT_SESSION.withWill(null), Map.of())))
                .snapshot().will());
    }

    @Test
    void eachVersionIsTheNextWithoutWhatTheNextAddedSoEachReadsTheOthersAnswer() {
        int version = versionByteOf(MQTT_SESSION);
        byte[] withoutWill = MoveCodec.encode(new Given(Outcome.GIVEN, MQTT_SESSION.withWill(null), Map.of("r1", 12L)));
        byte[] third = Arrays.copyOf(withoutWill, withoutWill.length - 1); // its flag saying there is no will
        third[version] = 3;
        byte[] second = Arrays.copyOf(third, third.length - Long.BYTES); // the away time
        second[version] = 2;

        Given readThird = MoveCodec.decodeGiven(third);
        Given readSecond = MoveCodec.decodeGiven(second);

        assertEquals(4, withoutWill[version]);
        assertEquals(MQTT_SESSION.withWill(null), readThird.snapshot(), "a session without a will waiting");
        assertEquals(new SessionSnapshot("dev1", "key", "alice", MQTT_SESSION.groups(), 44, MQTT_SESSION.kept(), 300_000,
                MQTT, 0, null), readSecond.snapshot(), "a session whose client had only just left");
        assertEquals(Map.of("r1", 12L), readSecond.watermarks());
    }

    /** Where the version byte is: right after the fields of the first version (with no watermarks). */
    private static int versionByteOf(SessionSnapshot session) {
        return new FirstVersion(session.uid(), session.resumeKey(), session.owner(), session.groups(), session.lastSeq(),
                session.kept().stream().map(EncodedMessage::tail).toList(), Map.of("r1", 12L)).encode().length;
    }

    @Test
    void aStoppingHolderSaysWhichReplicaItGaveTheSessionTo() {
        assertEquals(Given.movedTo("r7"), MoveCodec.decodeGiven(MoveCodec.encode(Given.movedTo("r7"))));
        assertEquals("r7", MoveCodec.decodeGiven(MoveCodec.encode(Given.movedTo("r7"))).movedTo());
    }

    @Test
    void aReplicaOfTheFirstVersionReadsTheSessionItKnowsFromTheFieldsItKnows() {
        byte[] bytes = MoveCodec.encode(new Given(Outcome.GIVEN, MQTT_SESSION, Map.of("r1", 12L)));

        FirstVersion read = CallBody.read(bytes, "a session move", FirstVersion::read);

        assertEquals(new FirstVersion("dev1", "key", "alice", MQTT_SESSION.groups(), 44,
                List.of(TAIL_ONLY.tail(), FROM_JSON.tail(), FROM_MQTT.tail()), Map.of("r1", 12L)), read);
    }

    @Test
    void anAnswerOfTheFirstVersionIsASessionWithoutMqttStateWhoseMessagesAreKnownByTheirTails() {
        FirstVersion old = new FirstVersion("ann", "key", null, Set.of("news/#"), 9, List.of(FROM_JSON.tail()),
                Map.of("r1", 5L));

        Given given = MoveCodec.decodeGiven(old.encode());

        assertEquals(new SessionSnapshot("ann", "key", null, Set.of("news/#"), 9, List.of(new EncodedMessage(FROM_JSON.tail())),
                Session.TIMEOUT_SETTING, null), given.snapshot());
        assertNull(given.snapshot().kept().get(0).group(), "known only by its tail");
        assertEquals(Map.of("r1", 5L), given.watermarks());
    }

    @Test
    void cutOffOrGarbledBytesAreRefusedNotHalfRead() {
        byte[] bytes = MoveCodec.encode(new Given(Outcome.GIVEN, MQTT_SESSION, Map.of()));
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);
        byte[] older = bytes.clone();
        older[new FirstVersion("dev1", "key", "alice", MQTT_SESSION.groups(), 44,
                MQTT_SESSION.kept().stream().map(EncodedMessage::tail).toList(), Map.of()).encode().length] = 1;

        assertThrows(IllegalArgumentException.class, () -> MoveCodec.decodeGiven(cut));
        assertThrows(IllegalArgumentException.class, () -> MoveCodec.decodeGiven(older));
    }

    /** The answer as the first version of the codec laid it out and read it, which ended at the watermarks. */
    private record FirstVersion(String uid, String resumeKey, String owner, Set<String> groups, long lastSeq,
                                List<String> tails, Map<String, Long> watermarks) {

        byte[] encode() {
            return CallBody.write(out -> {
                out.writeByte(Outcome.GIVEN.ordinal());
                string(out, uid);
                string(out, resumeKey);
                string(out, owner);
                out.writeInt(groups.size());
                for (String group : groups) {
                    string(out, group);
                }
                out.writeLong(lastSeq);
                out.writeInt(tails.size());
                for (String tail : tails) {
                    string(out, tail);
                }
                out.writeInt(watermarks.size());
                for (Map.Entry<String, Long> mark : watermarks.entrySet()) {
                    string(out, mark.getKey());
                    out.writeLong(mark.getValue());
                }
            });
        }

        static FirstVersion read(DataInputStream in) throws java.io.IOException {
            assertEquals(Outcome.GIVEN.ordinal(), in.readByte());
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
            return new FirstVersion(uid, resumeKey, owner, groups, lastSeq, tails, marks);
        }
    }
}
