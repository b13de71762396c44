package io.watchbox.internal.core.relay;

import static io.watchbox.internal.core.relay.CallBody.count;
import static io.watchbox.internal.core.relay.CallBody.string;

import io.watchbox.GroupInfo;
import io.watchbox.SessionInfo;
import io.watchbox.Stats;
import io.watchbox.internal.values.SessionInfoRecord;
import io.watchbox.internal.values.StatsRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The answers to the calls of the cluster-wide views ({@link CallKinds#SESSIONS},
 * {@link CallKinds#STATS}, {@link CallKinds#GROUPS}): a version byte, then the replica's own
 * sessions, counters or subscribed filters in the bytes of {@link CallBody}. A session's replica
 * is not written: the caller knows whom it asked.
 */
public final class ViewCodec {

    static final byte VERSION = 7; // 2: the counters gained eventsDropped; 3: the relay's failures and missingAnswers;
                                   // 4: sessions gained their protocol; 5: the counters gained mqttSessions and
                                   // mqttConnected; 6: claimsUnanswered and sharedLost; 7: outageHeld,
                                   // outageRelayed and outageDropped
    private static final String WHAT = "a cluster view";

    private ViewCodec() {
    }

    public static byte[] encodeSessions(List<SessionInfo> sessions) {
        return CallBody.write(out -> {
            out.writeByte(VERSION);
            out.writeInt(sessions.size());
            for (SessionInfo s : sessions) {
                string(out, s.uid());
                out.writeBoolean(s.connected());
                out.writeInt(s.groups().size());
                for (String group : s.groups()) {
                    string(out, group);
                }
                out.writeLong(s.queued());
                out.writeLong(s.lastSeen().getEpochSecond());
                out.writeInt(s.lastSeen().getNano());
                out.writeLong(s.queuedBytes());
                string(out, s.user());
                string(out, s.protocol());
            }
        });
    }

    /** @throws IllegalArgumentException when the bytes are not sessions of this version */
    public static List<SessionInfo> decodeSessions(byte[] bytes) {
        return read(bytes, in -> {
            List<SessionInfo> sessions = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                String uid = string(in);
                boolean connected = in.readBoolean();
                Set<String> groups = new HashSet<>();
                for (int g = count(in); g > 0; g--) {
                    groups.add(string(in));
                }
                long queued = in.readLong();
                Instant lastSeen = Instant.ofEpochSecond(in.readLong(), in.readInt());
                long queuedBytes = in.readLong();
                String user = string(in);
                sessions.add(new SessionInfoRecord(uid, connected, Set.copyOf(groups), queued, lastSeen, queuedBytes,
                        user, string(in), null));
            }
            return sessions;
        });
    }

    /** One replica's counters; a breakdown, if any, is not written. */
    public static byte[] encode(Stats stats) {
        return CallBody.write(out -> {
            out.writeByte(VERSION);
            for (long figure : new long[] {stats.sessions(), stats.connected(), stats.published(), stats.delivered(),
                    stats.dropped(), stats.queuedBytes(), stats.sockets(), stats.eventBacklog(), stats.eventsDropped(), stats.framesSent(),
                    stats.relayed(), stats.notRelayed(), stats.received(), stats.missed(), stats.relayIgnored(),
                    stats.callsFailed(), stats.notSent(), stats.notLetGo(), stats.missingAnswers(), stats.mqttSessions(),
                    stats.mqttConnected(), stats.claimsUnanswered(), stats.sharedLost(), stats.outageHeld(),
                    stats.outageRelayed(), stats.outageDropped()}) {
                out.writeLong(figure);
            }
        });
    }

    /** @throws IllegalArgumentException when the bytes are not counters of this version */
    public static Stats decodeStats(byte[] bytes) {
        return read(bytes, in -> new StatsRecord(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong()));
    }

    public static byte[] encodeGroups(List<GroupInfo> groups) {
        return CallBody.write(out -> {
            out.writeByte(VERSION);
            out.writeInt(groups.size());
            for (GroupInfo group : groups) {
                string(out, group.group());
                out.writeInt(group.subscribers());
            }
        });
    }

    /** @throws IllegalArgumentException when the bytes are not subscribed filters of this version */
    public static List<GroupInfo> decodeGroups(byte[] bytes) {
        return read(bytes, in -> {
            List<GroupInfo> groups = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                groups.add(new GroupInfo(string(in), in.readInt()));
            }
            return groups;
        });
    }

    /** Checks the version and that nothing is left over. */
    private static <T> T read(byte[] bytes, CallBody.Reader<T> reader) {
        return CallBody.read(bytes, WHAT, in -> {
            if (in.readByte() != VERSION) {
                throw new IOException("another version");
            }
            T value = reader.read(in);
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes left over");
            }
            return value;
        });
    }
}
