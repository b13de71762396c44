package io.watchbox.internal.session;

import java.util.List;
import java.util.Set;

/**
 * What a session is made of when it moves to another replica: enough to go on there with the same
 * resume key, subscriptions and numbering, and the messages it keeps for a resume.
 *
 * @param owner   the user who started it, or null for an anonymous session
 * @param lastSeq the seq of its newest message
 * @param kept    the kept messages' encoded frames after {@code seq} (see {@link io.watchbox.internal.protocol.EncodedMessage#tail()}),
 *                oldest first, the last one being {@code lastSeq}
 */
public record SessionSnapshot(String uid, String resumeKey, String owner, Set<String> groups, long lastSeq,
                              List<String> kept) {

    public SessionSnapshot {
        groups = Set.copyOf(groups);
        kept = List.copyOf(kept);
    }
}
