package io.watchbox.internal.core.relay;

import static io.watchbox.internal.core.relay.CallBody.string;
import static io.watchbox.internal.core.relay.CallBody.write;

import io.watchbox.internal.core.relay.MqttCopy.Sent;
import io.watchbox.internal.mqtt.SubscriptionTable;
import io.watchbox.internal.mqtt.session.InFlight;
import io.watchbox.internal.mqtt.session.MqttSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link MqttMark}s of a session as changes of one hash in the mirror, and that hash read back as
 * an {@link MqttCopy}. Its fields: {@code taken} (seq) and {@code lastid} (packet identifier), in
 * decimal; {@code out:<id>} per message in flight (a version byte, how it is written, QoS, and its
 * seq, or its order and the message whole as a move carries it, {@link MoveCodec}); {@code rel:<id>}
 * for a released one; {@code in:<id>} per received QoS 2 message awaiting PUBREL.
 */
public final class MqttMarkCodec {

    static final byte VERSION = 1;
    private static final byte BY_SEQ = 'S';
    private static final byte WHOLE = 'W';
    private static final String WHAT = "a mirrored MQTT message in flight";
    static final String TAKEN = "taken";
    static final String LAST_ID = "lastid";
    private static final String OUT = "out:";
    private static final String RELEASED = "rel:";
    private static final String IN = "in:";
    private static final byte[] YES = {'1'};

    private MqttMarkCodec() {
    }

    /**
     * What a mark changes in the hash: first all of it goes if {@code clear}, then the fields of
     * {@code set} are written and those of {@code delete} go.
     */
    public record Change(boolean clear, Map<String, byte[]> set, List<String> delete) {

        public Change {
            set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
            delete = List.copyOf(delete);
        }
    }

    public static Change change(MqttMark mark) {
        if (mark instanceof MqttMark.Taken taken) {
            return new Change(false, Map.of(TAKEN, decimal(taken.seq())), List.of());
        }
        if (mark instanceof MqttMark.Sent sent) {
            Map<String, byte[]> set = new LinkedHashMap<>();
            set.put(TAKEN, decimal(sent.seq()));
            set.put(LAST_ID, decimal(sent.packetId()));
            set.put(OUT + sent.packetId(), bySeq(sent.qos(), sent.seq()));
            // No rel:<id> to delete: the acknowledgement that freed the identifier deleted it, in an earlier change.
            return new Change(false, set, List.of());
        }
        if (mark instanceof MqttMark.Released released) {
            return new Change(false, Map.of(RELEASED + released.packetId(), YES), List.of());
        }
        if (mark instanceof MqttMark.Acknowledged done) {
            return new Change(false, Map.of(), List.of(OUT + done.packetId(), RELEASED + done.packetId()));
        }
        if (mark instanceof MqttMark.Received received) {
            return new Change(false, Map.of(IN + received.packetId(), YES), List.of());
        }
        if (mark instanceof MqttMark.Freed freed) {
            return new Change(false, Map.of(), List.of(IN + freed.packetId()));
        }
        return whole(((MqttMark.Whole) mark).state());
    }

    private static Change whole(MqttSnapshot state) {
        Map<String, byte[]> set = new LinkedHashMap<>();
        set.put(TAKEN, decimal(state.lastTakenSeq()));
        set.put(LAST_ID, decimal(state.lastPacketId()));
        int order = 0;
        for (InFlight sent : state.inFlight()) {
            set.put(OUT + sent.packetId(), whole(sent, order++));
            if (sent.released()) {
                set.put(RELEASED + sent.packetId(), YES);
            }
        }
        state.awaitingRelease().forEach(id -> set.put(IN + id, YES));
        return new Change(true, set, List.of());
    }

    /**
     * The state a hash holds; null for an empty one (nothing was written: a session without MQTT
     * state, or one written by a version before this).
     *
     * @throws IllegalArgumentException for a hash this version does not read
     */
    public static MqttCopy read(Map<String, byte[]> hash) {
        if (hash.isEmpty()) {
            return null;
        }
        List<Sent> inFlight = new ArrayList<>();
        Set<Integer> awaitingRelease = new HashSet<>();
        for (Map.Entry<String, byte[]> field : hash.entrySet()) {
            String name = field.getKey();
            if (name.startsWith(OUT)) {
                int packetId = packetId(name.substring(OUT.length()));
                inFlight.add(sent(packetId, hash.containsKey(RELEASED + packetId), field.getValue()));
            } else if (name.startsWith(IN)) {
                awaitingRelease.add(packetId(name.substring(IN.length())));
            }
        }
        // Those written whole came first (a move's, in their order), then those sent since, by seq.
        inFlight.sort(Comparator.comparing((Sent s) -> s.message() == null).thenComparingLong(Sent::seq));
        return new MqttCopy(inFlight, number(hash.get(TAKEN)), (int) number(hash.get(LAST_ID)), awaitingRelease);
    }

    /**
     * The options of an MQTT session's subscriptions, as its description carries them: a line per
     * filter, {@code <qos>,<no local>,<retain as published>,<identifier>,<filter>} (a filter holds no
     * line break).
     */
    public static String subscriptions(Map<String, SubscriptionTable.Entry> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach((filter, entry) -> text.append(text.isEmpty() ? "" : "\n").append(entry.qos())
                .append(',').append(entry.noLocal() ? 1 : 0).append(',').append(entry.retainAsPublished() ? 1 : 0)
                .append(',').append(entry.identifier()).append(',').append(filter));
        return text.toString();
    }

    /** @throws IllegalArgumentException for text {@link #subscriptions(Map)} did not write */
    public static Map<String, SubscriptionTable.Entry> subscriptions(String text) {
        Map<String, SubscriptionTable.Entry> entries = new LinkedHashMap<>();
        for (String line : text.isEmpty() ? new String[0] : text.split("\n")) {
            String[] parts = line.split(",", 5);
            if (parts.length != 5) {
                throw new IllegalArgumentException("not a subscription: " + line);
            }
            entries.put(parts[4], new SubscriptionTable.Entry((int) parse(parts[0]), "1".equals(parts[1]),
                    "1".equals(parts[2]), (int) parse(parts[3])));
        }
        return entries;
    }

    private static byte[] bySeq(int qos, long seq) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(BY_SEQ);
            out.writeByte(qos);
            out.writeLong(seq);
        });
    }

    private static byte[] whole(InFlight sent, int order) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(WHOLE);
            out.writeByte(sent.qos());
            out.writeLong(order);
            string(out, sent.message().tail());
            MoveCodec.writeForMqtt(out, sent.message());
        });
    }

    private static Sent sent(int packetId, boolean released, byte[] value) {
        return CallBody.read(value, WHAT, in -> {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("version " + version);
            }
            byte kind = in.readByte();
            int qos = in.readByte();
            if (qos != 1 && qos != 2) {
                throw new IllegalArgumentException("QoS " + qos);
            }
            long seq = in.readLong();
            if (kind == BY_SEQ) {
                return new Sent(packetId, qos, released, seq, null);
            }
            if (kind != WHOLE) {
                throw new IllegalArgumentException("kind " + kind);
            }
            return new Sent(packetId, qos, released, seq, MoveCodec.readForMqtt(in, string(in)));
        });
    }

    private static int packetId(String text) {
        int id = (int) parse(text);
        if (id < 1 || id > 65535) {
            throw new IllegalArgumentException("packet identifier " + text);
        }
        return id;
    }

    private static long number(byte[] value) {
        return value == null ? 0 : parse(new String(value, StandardCharsets.US_ASCII));
    }

    private static long parse(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + text, e);
        }
    }

    private static byte[] decimal(long number) {
        return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
    }
}
