package io.watchbox.internal.cluster;

import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.watchbox.internal.retained.RetainedLimits;
import io.watchbox.internal.retained.RetainedMessage;
import io.watchbox.internal.retained.RetainedMessages;
import io.watchbox.internal.retained.RetainedMessagesContract;
import io.watchbox.internal.retained.RetainedUnavailableException;
import io.watchbox.internal.retained.RetainedUsage;
import io.watchbox.internal.retained.Retention;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retained messages of cluster mode in a real Redis (redis-server on a free port): the contract, and sharing. */
class RedisRetainedMessagesTest extends RetainedMessagesContract {

    private RedisServer redis;
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;

    @Override
    protected RetainedMessages newStore() throws Exception {
        redis = RedisServer.startOnFreePort();
        client = RedisClient.create(redis.uri());
        connection = client.connect(ByteArrayCodec.INSTANCE);
        return new RedisRetainedMessages("app", () -> connection);
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (client != null) {
            client.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void twoReplicasShareTheRetainedMessagesAndTheirLimits() {
        StatefulRedisConnection<byte[], byte[]> other = client.connect(ByteArrayCodec.INSTANCE);
        RetainedMessages a = new RedisRetainedMessages("app", () -> connection);
        RetainedMessages b = new RedisRetainedMessages("app", () -> other);
        RetainedLimits two = new RetainedLimits(2, 1_000);

        assertEquals(Retention.KEPT, a.retain(new RetainedMessage("x", Payload.ofText("1"), "alice", 5), two));
        assertEquals(Retention.KEPT, b.retain(new RetainedMessage("y", Payload.ofText("2"), null, 6), two));
        assertEquals(Retention.TOO_MANY, a.retain(new RetainedMessage("z", Payload.ofText("3"), null, 7), two));

        assertEquals(List.of(new RetainedMessage("x", Payload.ofText("1"), "alice", 5), new RetainedMessage("y", Payload.ofText("2"), null, 6)),
                b.matching("#"));
        assertEquals(new RetainedUsage(2, 4), a.usage());
        assertEquals(2, b.clearAll());
        assertEquals(new RetainedUsage(0, 0), a.usage());
    }

    @Test
    void anotherClusterNameIsAnotherSetOfRetainedMessages() {
        RetainedMessages mine = new RedisRetainedMessages("app", () -> connection);
        RetainedMessages theirs = new RedisRetainedMessages("other", () -> connection);

        mine.retain(new RetainedMessage("x", Payload.ofText("1"), null, 0), new RetainedLimits(10, 100));

        assertEquals(List.of(), theirs.matching("x"));
    }

    @Test
    void aMessageKeepsItsSpacesNewlinesAndPublisherExactly() {
        RetainedMessage odd = new RetainedMessage("a b/c", Payload.ofText("two\nlines and 3 spaces "), "uid_1-x", 1_733_000_000_000L);

        assertEquals(odd, RedisRetainedMessages.decode("a b/c", RedisRetainedMessages.encode(odd)));
        RetainedMessage server = new RetainedMessage("g", Payload.ofText("\n"), null, 0);
        assertEquals(server, RedisRetainedMessages.decode("g", RedisRetainedMessages.encode(server)));
    }

    @Test
    void bytesThatAreNotTextComeBackExactly() {
        byte[] bytes = {(byte) 0xff, 0, '\n', (byte) 0xc3, 0x28, ' '};
        RetainedMessage binary = new RetainedMessage("raw", Payload.ofBytes(bytes), null, 3);

        RetainedMessage back = RedisRetainedMessages.decode("raw", RedisRetainedMessages.encode(binary));

        assertArrayEquals(bytes, back.payload().toByteArray());
        assertEquals(binary, back);
    }

    @Test
    void aValueTheVersionBeforeWroteIsReadAsQos1WithoutProperties() {
        RetainedMessages store = new RedisRetainedMessages("app", () -> connection);
        connection.sync().hset(bytes("app:retained"), bytes("home/temp"), bytes("10 1733000000000 alice\n21.5"));
        connection.sync().set(bytes("app:retained:bytes"), bytes("10"));

        assertEquals(List.of(new RetainedMessage("home/temp", Payload.ofText("21.5"), "alice", 1_733_000_000_000L, 1,
                MessageProperties.EMPTY)), store.matching("home/#"));
        assertEquals(List.of(new RetainedMessage("home/temp", Payload.ofText("21.5"), "alice", 1_733_000_000_000L)),
                store.matching("home/temp"));
    }

    @Test
    void aMessageAtQos1WithoutPropertiesIsTheValueTheVersionBeforeWritesAndHasNoMqttPart() {
        RetainedMessages store = new RedisRetainedMessages("app", () -> connection);

        store.retain(new RetainedMessage("home/temp", Payload.ofText("21.5"), "alice", 1_733_000_000_000L), new RetainedLimits(10, 100));

        assertArrayEquals(bytes("13 1733000000000 alice\n21.5"), connection.sync().hget(bytes("app:retained"), bytes("home/temp")));
        assertEquals(0, connection.sync().exists(bytes("app:retained:mqtt")));
    }

    @Test
    void aMessageWithQosOrPropertiesKeepsTheValueTheVersionBeforeReadsAndPutsTheRestBeside() {
        RetainedMessages store = new RedisRetainedMessages("app", () -> connection);
        RetainedMessage message = new RetainedMessage("t", Payload.ofText("m"), "alice", 7, 2, properties(9_000));

        store.retain(message, new RetainedLimits(10, 1_000));

        // A replica of the version before reads exactly this: the same message, as QoS 1 without properties.
        byte[] value = connection.sync().hget(bytes("app:retained"), bytes("t"));
        assertEquals(new RetainedMessage("t", Payload.ofText("m"), "alice", 7), RedisRetainedMessages.decode("t", value));
        assertEquals(message.bytes() + " 7 alice\nm", new String(value, StandardCharsets.UTF_8));
        assertEquals(List.of(message), store.matching("t"));
    }

    @Test
    void anMqttPartLeftBehindByAReplicaOfTheVersionBeforeIsIgnored() {
        RetainedMessages store = new RedisRetainedMessages("app", () -> connection);
        store.retain(new RetainedMessage("t", Payload.ofText("m"), "alice", 7, 0, properties(9_000)), new RetainedLimits(10, 1_000));

        // What that replica's script does when it retains another message in its place.
        connection.sync().hset(bytes("app:retained"), bytes("t"), bytes("2 8 bob\nn"));

        assertEquals(List.of(new RetainedMessage("t", Payload.ofText("n"), "bob", 8)), store.matching("t"));
        assertEquals(List.of(new RetainedMessage("t", Payload.ofText("n"), "bob", 8)), store.matching("#"));
        assertEquals(List.of(new RetainedMessage("t", Payload.ofText("n"), "bob", 8)), store.page(null, 10));
    }

    @Test
    void anUnreadableMqttPartLeavesTheMessageAsTheVersionBeforeServesIt() {
        RetainedMessage message = new RetainedMessage("t", Payload.ofText("m"), "alice", 7, 2, properties(9_000));
        byte[] value = RedisRetainedMessages.encode(message);
        byte[] mqtt = RedisRetainedMessages.encodeMqtt(message);

        byte[] cut = Arrays.copyOf(mqtt, mqtt.length - 3);
        byte[] qos3 = mqtt.clone();
        qos3[value.length - 1] = 3; // the byte after the header line

        RetainedMessage plain = new RetainedMessage("t", Payload.ofText("m"), "alice", 7);
        assertEquals(plain, RedisRetainedMessages.decode("t", value, cut));
        assertEquals(plain, RedisRetainedMessages.decode("t", value, qos3));
        assertEquals(message, RedisRetainedMessages.decode("t", value, mqtt));
    }

    @Test
    void aWildcardLookupScansOnlyThePrefixBeforeTheFirstWildcardWithGlobCharactersEscaped() {
        assertEquals("*", glob("#"));
        assertEquals("*", glob("+/a"));
        assertEquals("a/b*", glob("a/b/#"));
        assertEquals("a/*", glob("a/+/c"));
        assertEquals("x\\*y/\\[z\\]/*", glob("x*y/[z]/+"));
    }

    @Test
    void whileRedisIsOutOfReachASubscriptionGetsNoneARetainedPublishIsRefusedAndAdminsAreTold() {
        RetainedMessages unreachable = new RedisRetainedMessages("app", () -> null);

        assertEquals(List.of(), unreachable.matching("a/#"));
        assertEquals(List.of(), unreachable.matching("a"));
        assertEquals(Retention.UNAVAILABLE, unreachable.retain(new RetainedMessage("a", Payload.ofText("m"), null, 0),
                new RetainedLimits(10, 100)));
        assertThrows(RetainedUnavailableException.class, () -> unreachable.page(null, 10));
        assertThrows(RetainedUnavailableException.class, unreachable::usage);
        assertThrows(RetainedUnavailableException.class, () -> unreachable.clear("a"));
        assertThrows(RetainedUnavailableException.class, unreachable::clearAll);
    }

    private static String glob(String filter) {
        return new String(RedisRetainedMessages.globPrefix(filter), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
