package io.watchbox.internal.session;

import io.watchbox.internal.mqtt.session.MqttSnapshot;
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
 */
public record SessionSnapshot(String uid, String resumeKey, String owner, Set<String> groups, long lastSeq,
                              List<EncodedMessage> kept, long expiryMillis, MqttSnapshot mqtt) {

    public SessionSnapshot {
        groups = Set.copyOf(groups);
        kept = List.copyOf(kept);
    }
}
