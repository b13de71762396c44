package io.watchbox.internal.cluster;

import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.watchbox.GroupFilter;
import io.watchbox.internal.access.LogText;
import io.watchbox.internal.logging.RateLimitedLog;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.retained.RetainedLimits;
import io.watchbox.internal.retained.RetainedMessage;
import io.watchbox.internal.retained.RetainedMessages;
import io.watchbox.internal.retained.RetainedUnavailableException;
import io.watchbox.internal.retained.RetainedUsage;
import io.watchbox.internal.retained.Retention;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Cluster mode's retained messages, in Redis, so that every replica serves the same ones: the hash
 * {@code <name>:retained} (group to message) and the counter {@code <name>:retained:bytes} of what
 * they weigh. Each change is one script, so the limits hold with every replica retaining at once.
 *
 * <p>A value is {@code BYTES RETAINEDAT FROM\nMSG}: what the message counts toward the byte limit
 * (so that replacing or clearing it gives back exactly that), the time, the publisher's uid (empty
 * for the server; a uid never holds a space or a newline), and the text. Commands wait for Redis,
 * at most its command timeout, on the caller's thread, never on Lettuce's.
 *
 * <p>A message published at MQTT QoS 0 or 2, or with MQTT 5.0 properties, has what that adds in a
 * second hash, {@code <name>:retained:mqtt} (group to {@code HEADER\n}, the QoS as a byte, then the
 * properties as the relay lays them out), changed by the same scripts. Its value starts with the
 * header line of the message it belongs to and counts only with that one. The first hash stays what
 * a replica of the version before writes and reads: such a replica, during a rolling upgrade, reads
 * every retained message exactly but as QoS 1 without properties, as it did; a message it retains in
 * place of one with an MQTT part leaves that part behind, which no longer matches and is ignored.
 */
public final class RedisRetainedMessages implements RetainedMessages {

    private static final RateLimitedLog LOG = RateLimitedLog.errors();
    /** Groups read per HSCAN step of a wildcard lookup. */
    private static final int SCAN_COUNT = 500;

    /** 0 kept, 1 cleared, 2 too many, 3 too large: see {@link #OUTCOMES}. */
    private static final String RETAIN = """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            local oldBytes = 0
            if old then oldBytes = tonumber(string.match(old, '^(%d+) ')) end
            if ARGV[2] == '' then
              if old then
                redis.call('HDEL', KEYS[1], ARGV[1])
                redis.call('DECRBY', KEYS[2], oldBytes)
              end
              redis.call('HDEL', KEYS[3], ARGV[1])
              return 1
            end
            if not old and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return 2 end
            local total = tonumber(redis.call('GET', KEYS[2]) or '0') - oldBytes + tonumber(ARGV[3])
            if total > tonumber(ARGV[5]) then return 3 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('SET', KEYS[2], total)
            if ARGV[6] == '' then
              redis.call('HDEL', KEYS[3], ARGV[1])
            else
              redis.call('HSET', KEYS[3], ARGV[1], ARGV[6])
            end
            return 0""";
    private static final Retention[] OUTCOMES = {Retention.KEPT, Retention.CLEARED, Retention.TOO_MANY, Retention.TOO_LARGE};
    private static final String CLEAR = """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if not old then return 0 end
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('HDEL', KEYS[3], ARGV[1])
            redis.call('DECRBY', KEYS[2], tonumber(string.match(old, '^(%d+) ')))
            return 1""";
    /** {@link #CLEAR} of a group only while it still holds the message ARGV[2]. */
    private static final String DROP = """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old ~= ARGV[2] then return 0 end
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('HDEL', KEYS[3], ARGV[1])
            redis.call('DECRBY', KEYS[2], tonumber(string.match(old, '^(%d+) ')))
            return 1""";
    private static final String CLEAR_ALL = """
            local count = redis.call('HLEN', KEYS[1])
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
            return count""";
    /** One group's message and its MQTT part (false, that is nil, for none), in one round trip. */
    private static final String GET = """
            return {redis.call('HGET', KEYS[1], ARGV[1]), redis.call('HGET', KEYS[2], ARGV[1])}""";
    private static final String USAGE = """
            return {redis.call('HLEN', KEYS[1]), tonumber(redis.call('GET', KEYS[2]) or '0')}""";

    private final byte[] hash;
    private final byte[] bytesKey;
    private final byte[] mqttHash;
    private final Supplier<StatefulRedisConnection<byte[], byte[]>> connection;

    /**
     * @param name       the cluster's name, the prefix of its keys
     * @param connection the replica's connection that publishes (null while it is not up)
     */
    public RedisRetainedMessages(String name, Supplier<StatefulRedisConnection<byte[], byte[]>> connection) {
        this.hash = bytes(name + ":retained");
        this.bytesKey = bytes(name + ":retained:bytes");
        this.mqttHash = bytes(name + ":retained:mqtt");
        this.connection = connection;
    }

    /** Refused as {@link Retention#UNAVAILABLE}, with a warning, while Redis is out of reach: nothing is published then. */
    @Override
    public Retention retain(RetainedMessage message, RetainedLimits limits) {
        byte[] value = message.clears() ? new byte[0] : encode(message);
        byte[] mqtt = message.clears() ? new byte[0] : encodeMqtt(message);
        try {
            Long outcome = redis().eval(RETAIN, ScriptOutputType.INTEGER, new byte[][] {hash, bytesKey, mqttHash},
                    bytes(message.group()), value, bytes(Long.toString(message.bytes())),
                    bytes(Integer.toString(limits.maxCount())), bytes(Long.toString(limits.maxBytes())), mqtt);
            return OUTCOMES[outcome.intValue()];
        } catch (RedisException | IllegalStateException e) {
            LOG.warning("retained-keep", () -> "Watchbox cluster: a retained message to "
                    + LogText.quote(message.group()) + " could not be kept in Redis (" + e.getMessage()
                    + "); it was refused");
            return Retention.UNAVAILABLE;
        }
    }

    /** A subscription's retained messages; while Redis is out of reach none, with a warning. */
    @Override
    public List<RetainedMessage> matching(String filter) {
        try {
            RedisCommands<byte[], byte[]> redis = redis();
            if (!filter.contains("+") && !filter.contains("#")) {
                List<byte[]> both = redis.eval(GET, ScriptOutputType.MULTI, new byte[][] {hash, mqttHash}, bytes(filter));
                return both.get(0) == null ? List.of() : List.of(decode(filter, both.get(0), both.get(1)));
            }
            List<String> groups = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            ScanArgs args = ScanArgs.Builder.matches(globPrefix(filter)).limit(SCAN_COUNT);
            MapScanCursor<byte[], byte[]> cursor = redis.hscan(hash, args);
            while (true) {
                cursor.getMap().forEach((group, value) -> {
                    String name = string(group);
                    if (GroupFilter.matches(filter, name)) {
                        groups.add(name);
                        values.add(value);
                    }
                });
                if (cursor.isFinished()) {
                    break;
                }
                cursor = redis.hscan(hash, ScanCursor.of(cursor.getCursor()), args);
            }
            List<RetainedMessage> found = withMqtt(redis, groups, values);
            found.sort(Comparator.comparing(RetainedMessage::group));
            return found;
        } catch (RedisException | IllegalStateException e) {
            LOG.warning("retained-lookup", () -> "Watchbox cluster: the retained messages of "
                    + LogText.quote(filter) + " could not be read from Redis (" + e.getMessage()
                    + "); the subscription got none");
            return List.of();
        }
    }

    @Override
    public List<RetainedMessage> page(String after, int limit) {
        return answered(() -> readPage(after, limit));
    }

    private List<RetainedMessage> readPage(String after, int limit) {
        RedisCommands<byte[], byte[]> redis = redis();
        List<String> groups = redis.hkeys(hash).stream().map(RedisRetainedMessages::string)
                .filter(group -> after == null || group.compareTo(after) > 0).sorted().limit(limit).toList();
        if (groups.isEmpty()) {
            return List.of();
        }
        List<String> kept = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        var read = redis.hmget(hash, groups.stream().map(RedisRetainedMessages::bytes).toArray(byte[][]::new));
        for (int i = 0; i < groups.size(); i++) {
            if (read.get(i).hasValue()) { // cleared meanwhile otherwise
                kept.add(groups.get(i));
                values.add(read.get(i).getValue());
            }
        }
        return withMqtt(redis, kept, values);
    }

    /** The messages of these groups and values, each with its MQTT part, read in one more round trip. */
    private List<RetainedMessage> withMqtt(RedisCommands<byte[], byte[]> redis, List<String> groups, List<byte[]> values) {
        List<RetainedMessage> messages = new ArrayList<>(groups.size());
        if (groups.isEmpty()) {
            return messages;
        }
        var mqtt = redis.hmget(mqttHash, groups.stream().map(RedisRetainedMessages::bytes).toArray(byte[][]::new));
        for (int i = 0; i < groups.size(); i++) {
            messages.add(decode(groups.get(i), values.get(i), mqtt.get(i).getValueOrElse(null)));
        }
        return messages;
    }

    @Override
    public boolean clear(String group) {
        Long cleared = answered(() -> redis().eval(CLEAR, ScriptOutputType.INTEGER, new byte[][] {hash, bytesKey, mqttHash},
                bytes(group)));
        return cleared == 1;
    }

    /** While Redis is out of reach, false, with a warning: the message is dropped by a later look-up. */
    @Override
    public boolean drop(RetainedMessage message) {
        try {
            Long dropped = redis().eval(DROP, ScriptOutputType.INTEGER, new byte[][] {hash, bytesKey, mqttHash},
                    bytes(message.group()), encode(message));
            return dropped == 1;
        } catch (RedisException | IllegalStateException e) {
            LOG.warning("retained-drop", () -> "Watchbox cluster: an expired retained message of "
                    + LogText.quote(message.group()) + " could not be dropped from Redis (" + e.getMessage() + ")");
            return false;
        }
    }

    @Override
    public long clearAll() {
        return answered(() -> redis().<Long>eval(CLEAR_ALL, ScriptOutputType.INTEGER, new byte[][] {hash, bytesKey, mqttHash}));
    }

    @Override
    public RetainedUsage usage() {
        List<Long> usage = answered(() -> redis().eval(USAGE, ScriptOutputType.MULTI, new byte[][] {hash, bytesKey}));
        return new RetainedUsage(usage.get(0), usage.get(1));
    }

    /** Redis's answer, or {@link RetainedUnavailableException} when Redis is out of reach. */
    private static <T> T answered(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException | IllegalStateException e) {
            throw new RetainedUnavailableException("the retained messages are out of reach: Redis does not answer ("
                    + e.getMessage() + ")", e);
        }
    }

    private RedisCommands<byte[], byte[]> redis() {
        StatefulRedisConnection<byte[], byte[]> redis = connection.get();
        if (redis == null || !redis.isOpen()) {
            throw new IllegalStateException("Redis is out of reach");
        }
        return redis.sync();
    }

    /** A header line (bytes, time, from) and then the payload's bytes, exactly. */
    static byte[] encode(RetainedMessage message) {
        byte[] header = header(message);
        byte[] payload = message.payload().toByteArray();
        byte[] value = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, value, header.length, payload.length);
        return value;
    }

    /**
     * The MQTT part of a message: its header line, the QoS (a byte), then its properties; empty for a
     * message at QoS 1 without properties, which has none.
     */
    static byte[] encodeMqtt(RetainedMessage message) {
        if (message.qos() == EncodedMessage.DEFAULT_QOS && message.properties().isEmpty()) {
            return new byte[0];
        }
        byte[] header = header(message);
        byte[] properties = RelayCodec.propertyBytes(message.properties());
        ByteBuffer value = ByteBuffer.allocate(header.length + 1 + properties.length);
        value.put(header).put((byte) message.qos()).put(properties);
        return value.array();
    }

    private static byte[] header(RetainedMessage message) {
        return bytes(message.bytes() + " " + message.retainedAt() + " " + (message.from() == null ? "" : message.from())
                + "\n");
    }

    /** A message that has no MQTT part: one the version before wrote, or one at QoS 1 without properties. */
    static RetainedMessage decode(String group, byte[] value) {
        return decode(group, value, null);
    }

    /**
     * A message and its MQTT part, which counts only when it starts with the message's header line (a
     * replica of the version before may have retained another message in its place).
     *
     * @param mqtt the MQTT part, or null
     */
    static RetainedMessage decode(String group, byte[] value, byte[] mqtt) {
        int newline = 0;
        while (value[newline] != '\n') {
            newline++;
        }
        String header = new String(value, 0, newline, StandardCharsets.UTF_8);
        int first = header.indexOf(' ');
        int second = header.indexOf(' ', first + 1);
        String from = header.substring(second + 1);
        Payload payload = Payload.adopt(Arrays.copyOfRange(value, newline + 1, value.length));
        long retainedAt = Long.parseLong(header.substring(first + 1, second));
        int headerLength = newline + 1;
        if (mqtt == null || mqtt.length <= headerLength
                || !Arrays.equals(mqtt, 0, headerLength, value, 0, headerLength)) {
            return new RetainedMessage(group, payload, from.isEmpty() ? null : from, retainedAt);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(mqtt, headerLength, mqtt.length - headerLength);
            int qos = in.get();
            MessageProperties properties = in.hasRemaining() ? RelayCodec.readProperties(in) : MessageProperties.EMPTY;
            return new RetainedMessage(group, payload, from.isEmpty() ? null : from, retainedAt, qos, properties);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            // Not one this version wrote: the message is still served, as the version before would serve it.
            LOG.warning("retained-mqtt-part", () -> "Watchbox cluster: the QoS and properties of the retained message of "
                    + LogText.quote(group) + " in Redis are unreadable; it is sent as QoS 1 without properties");
            return new RetainedMessage(group, payload, from.isEmpty() ? null : from, retainedAt);
        }
    }

    /**
     * An HSCAN pattern that keeps what the filter may match: the levels before its first wildcard,
     * glob characters escaped, then anything. Exactness is {@link GroupFilter#matches}'s.
     */
    static byte[] globPrefix(String filter) {
        StringBuilder glob = new StringBuilder();
        for (String level : filter.split("/", -1)) {
            if (level.equals("+") || level.equals("#")) {
                break;
            }
            for (char c : (level + "/").toCharArray()) {
                if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                    glob.append('\\');
                }
                glob.append(c);
            }
        }
        // 'a/#' also matches 'a' itself: the prefix stops before the parent's '/'.
        if (filter.endsWith("/#") && glob.length() > 0) {
            glob.setLength(glob.length() - 1);
        }
        return bytes(glob.append('*').toString());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
