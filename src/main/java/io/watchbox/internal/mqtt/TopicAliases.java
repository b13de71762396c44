package io.watchbox.internal.mqtt;

import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The topic aliases a 5.0 client set on one connection (MQTT 3.3.2.3.4): a PUBLISH with a topic and
 * an alias maps the alias to the topic; a later one with the alias and an empty topic means that
 * topic. Aliases run from 1 to the maximum this server announced in CONNACK; they last as long as
 * the connection. Used on the container's thread only, one frame at a time.
 *
 * <p>One leniency: a PUBLISH with DUP set, an empty topic and an alias this connection never set is
 * read with the topic that alias stood for on the session's earlier connections, if it stood for
 * exactly one ({@link AliasHistory}). MQTT 5.0 makes it a Protocol Error, but Eclipse Paho's 5.0
 * client (1.2.5) stores in-flight PUBLISH packets with the alias in place of the topic and sends them
 * again so after a reconnect; refused, it reconnects and sends them again, for ever (its issue 1104).
 * A PUBLISH without DUP, or with an alias the session never had or gave several topics, is still
 * refused as the specification says.
 */
public final class TopicAliases {

    /** What a PUBLISH's topic and alias come to: the topic, or why the connection must end. */
    public sealed interface Resolved {
    }

    /** The PUBLISH with the topic it is for. */
    public record Topic(Packet.Publish publish) implements Resolved {
    }

    /** A refusal: DISCONNECT with the reason. */
    public record Refused(ReasonCode reason, String detail) implements Resolved {
    }

    private final int maximum;
    /** A map rather than an array: a maximum of 65,535 should not cost each connection half a megabyte. */
    private final Map<Integer, String> topics = new HashMap<>();
    /** The session's, once the CONNECT is accepted; until then, this connection's own. */
    private AliasHistory history = new AliasHistory();

    /** @param maximum the Topic Alias Maximum announced in CONNACK; 0 allows none */
    public TopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /** Keeps the aliases set from now on in the session's history, and reads PUBLISHes sent again by it (see the class comment). */
    public void keepIn(AliasHistory sessionHistory) {
        history = sessionHistory;
    }

    /** Announces the maximum in a 5.0 CONNACK; absent means 0. */
    public void announce(Properties.Builder connack) {
        if (maximum > 0) {
            connack.number(Property.TOPIC_ALIAS_MAXIMUM, maximum);
        }
    }

    /** The PUBLISH with its topic in full: the one it names, or the one its alias stands for. */
    public Resolved resolve(Packet.Publish publish) {
        String topic = publish.topic();
        OptionalLong alias = publish.properties().number(Property.TOPIC_ALIAS);
        if (alias.isEmpty()) {
            return new Topic(publish);
        }
        long number = alias.getAsLong();
        if (number < 1 || number > maximum) {
            return new Refused(ReasonCode.TOPIC_ALIAS_INVALID, maximum == 0
                    ? "topic aliases are not accepted (Topic Alias Maximum 0)"
                    : "topic alias " + number + " is not between 1 and the Topic Alias Maximum " + maximum);
        }
        if (!topic.isEmpty()) {
            topics.put((int) number, topic);
            history.record((int) number, topic);
            return new Topic(publish);
        }
        String known = topics.get((int) number);
        if (known == null && publish.dup()) {
            known = history.topicOf((int) number);
        }
        return known == null
                ? new Refused(ReasonCode.PROTOCOL_ERROR, "topic alias " + number + " was never given a topic")
                : new Topic(new Packet.Publish(known, publish.payload(), publish.qos(), publish.retain(), publish.dup(),
                        publish.packetId(), publish.properties()));
    }
}
