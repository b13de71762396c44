package io.watchbox.internal.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topics a session's 5.0 client gave its topic aliases, over all of its connections: what a
 * PUBLISH sent again after a reconnect may still name by an alias of an earlier connection (see
 * {@link TopicAliases}). An alias that has stood for two topics is ambiguous and names none: such a
 * PUBLISH would otherwise reach the wrong topic. At most one entry per alias the server allows.
 */
public final class AliasHistory {

    /** Topics are never empty, so the empty string can mark an alias that stood for more than one. */
    private static final String AMBIGUOUS = "";

    private final Map<Integer, String> topics = new ConcurrentHashMap<>();

    void record(int alias, String topic) {
        topics.merge(alias, topic, (was, now) -> was.equals(now) ? was : AMBIGUOUS);
    }

    /** The one topic the alias has stood for, or null if it never stood for one, or for several. */
    String topicOf(int alias) {
        String topic = topics.get(alias);
        return topic == null || topic.equals(AMBIGUOUS) ? null : topic;
    }
}
