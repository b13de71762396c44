package io.watchbox.internal.session;

import io.watchbox.internal.mqtt.session.MqttSnapshot;
import io.watchbox.internal.mqtt.session.PendingWill;
import io.watchbox.internal.protocol.EncodedMessage;
import java.util.List;
import java.util.Set;

/**
 * What a session is made of when it moves to another replica: enough to go on there with the same
 * resume key, subscriptions and numbering, and the messages it keeps for a resume.
 *
 * @param owner        the user who started it, or null for an anonymous session
 * @param lastSeq      the seq of its newest message
 * @param kept         the kept messages after {@code seq}, oldest first, the last one being {@code lastSeq};
 *                     from a replica of an older version they are known only by their JSON tail
 * @param expiryMillis how long it outlives its connection ({@link Session#TIMEOUT_SETTING}: {@code watchbox.timeout})
 * @param mqtt         the MQTT state of a session an MQTT client used, or null
 * @param awayMillis   how long its client had been away when the snapshot was taken (0 for one
 *                     connected then): a duration, not an instant, so that replicas whose clocks differ
 *                     agree on when the session times out
 * @param will         the MQTT 5.0 will of its last connection, waiting for its delay, or null (the
 *                     session's replica holds it apart from the session, and adds it when the session moves)
 */
public record SessionSnapshot(String uid, String resumeKey, String owner, Set<String> groups, long lastSeq,
                              List<EncodedMessage> kept, long expiryMillis, MqttSnapshot mqtt, long awayMillis,
                              PendingWill will) {

    public SessionSnapshot {
        groups = Set.copyOf(groups);
        kept = List.copyOf(kept);
        if (awayMillis < 0) {
            throw new IllegalArgumentException("away for " + awayMillis + " ms");
        }
    }

    /** A session whose client is connected, or has only just left. */
    public SessionSnapshot(String uid, String resumeKey, String owner, Set<String> groups, long lastSeq,
                           List<EncodedMessage> kept, long expiryMillis, MqttSnapshot mqtt) {
        this(uid, resumeKey, owner, groups, lastSeq, kept, expiryMillis, mqtt, 0, null);
    }

    /** This session with a will waiting for its delay (or none). */
    public SessionSnapshot withWill(PendingWill pending) {
        return new SessionSnapshot(uid, resumeKey, owner, groups, lastSeq, kept, expiryMillis, mqtt, awayMillis, pending);
    }
}
