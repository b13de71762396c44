package io.watchbox.internal.core.relay;

import static io.watchbox.internal.core.relay.CallBody.read;
import static io.watchbox.internal.core.relay.CallBody.string;
import static io.watchbox.internal.core.relay.CallBody.write;

import io.watchbox.internal.session.SessionSnapshot;
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
 */
public final class MoveCodec {

    private static final String WHAT = "a session move";

    private MoveCodec() {
    }

    /**
     * A replica asks for the session of {@code uid}, for a client that holds {@code resumeKey}
     * (or null) and is {@code user} (or null, anonymous): the holder checks them as in a hello.
     */
    public record Take(String uid, String resumeKey, String user) {
    }

    /** What the holder answers. */
    public enum Outcome { GIVEN, ABSENT, NOT_OWNER }

    /**
     * @param snapshot   the session, when given
     * @param watermarks when given: for each replica, the number of its last message the holder
     *                   delivered before it let go of the session (see {@link ClusterRelay#watermarks()})
     */
    public record Given(Outcome outcome, SessionSnapshot snapshot, Map<String, Long> watermarks) {

        public static Given not(Outcome outcome) {
            return new Given(outcome, null, Map.of());
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
            for (String tail : s.kept()) {
                string(out, tail);
            }
            out.writeInt(given.watermarks().size());
            for (Map.Entry<String, Long> mark : given.watermarks().entrySet()) {
                string(out, mark.getKey());
                out.writeLong(mark.getValue());
            }
        });
    }

    public static Given decodeGiven(byte[] bytes) {
        return read(bytes, WHAT, in -> {
            Outcome outcome = Outcome.values()[in.readByte()];
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
            List<String> kept = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                kept.add(string(in));
            }
            Map<String, Long> marks = new HashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                marks.put(string(in), in.readLong());
            }
            return new Given(outcome, new SessionSnapshot(uid, resumeKey, owner, groups, lastSeq, kept), marks);
        });
    }
}
