package io.watchbox.internal.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import org.junit.jupiter.api.Test;

class TopicAliasesTest {

    private final TopicAliases aliases = new TopicAliases(10);

    @Test
    void aTopicWithAnAliasSetsItAndAnEmptyTopicUsesIt() {
        assertEquals("room/1", topicOf(aliases.resolve(publish("room/1", 3))));
        assertEquals("room/1", topicOf(aliases.resolve(publish("", 3))));
        assertEquals("room/2", topicOf(aliases.resolve(publish("room/2", 3))), "an alias may be set again");
        assertEquals("room/2", topicOf(aliases.resolve(publish("", 3))));
    }

    @Test
    void theResolvedPublishKeepsEverythingButTheTopic() {
        Packet.Publish aliased = new Packet.Publish("", Bytes.copyOf(new byte[] {1, 2}), 1, false, false, 9,
                Properties.builder().number(Property.TOPIC_ALIAS, 1).build());
        aliases.resolve(publish("t", 1));

        Packet.Publish resolved = ((TopicAliases.Topic) aliases.resolve(aliased)).publish();

        assertEquals(new Packet.Publish("t", aliased.payload(), 1, false, false, 9, aliased.properties()), resolved);
    }

    @Test
    void aPublishWithoutAnAliasIsUntouched() {
        Packet.Publish plain = new Packet.Publish("t", Bytes.copyOf(new byte[0]), 0, false, false, 0, Properties.EMPTY);

        assertEquals(new TopicAliases.Topic(plain), aliases.resolve(plain));
    }

    @Test
    void anAliasAboveTheMaximumIsInvalid() {
        TopicAliases.Refused refused = assertInstanceOf(TopicAliases.Refused.class, aliases.resolve(publish("t", 11)));

        assertEquals(ReasonCode.TOPIC_ALIAS_INVALID, refused.reason());
        assertEquals(ReasonCode.TOPIC_ALIAS_INVALID,
                ((TopicAliases.Refused) new TopicAliases(0).resolve(publish("t", 1))).reason());
    }

    @Test
    void anEmptyTopicWithAnAliasNeverSetIsAProtocolError() {
        TopicAliases.Refused refused = assertInstanceOf(TopicAliases.Refused.class, aliases.resolve(publish("", 4)));

        assertEquals(ReasonCode.PROTOCOL_ERROR, refused.reason());
    }

    @Test
    void aPublishSentAgainWithDupMayUseAnAliasOfTheSessionsEarlierConnections() {
        AliasHistory session = new AliasHistory();
        TopicAliases first = new TopicAliases(10);
        first.keepIn(session);
        first.resolve(publish("room/1", 3));
        new TopicAliases(10).keepIn(session); // a connection that set no alias
        aliases.keepIn(session);

        assertEquals("room/1", topicOf(aliases.resolve(resent("", 3))));
        assertEquals(ReasonCode.PROTOCOL_ERROR, assertInstanceOf(TopicAliases.Refused.class, aliases.resolve(publish("", 3))).reason(),
                "without DUP the alias must have been set on this connection");
        assertEquals(ReasonCode.PROTOCOL_ERROR, assertInstanceOf(TopicAliases.Refused.class, aliases.resolve(resent("", 4))).reason(),
                "an alias the session never had");
    }

    @Test
    void anAliasThatStoodForTwoTopicsNamesNeitherForAPublishSentAgain() {
        AliasHistory session = new AliasHistory();
        TopicAliases first = new TopicAliases(10);
        first.keepIn(session);
        first.resolve(publish("room/1", 3));
        TopicAliases second = new TopicAliases(10);
        second.keepIn(session);
        second.resolve(publish("room/2", 3));
        aliases.keepIn(session);

        assertEquals(ReasonCode.PROTOCOL_ERROR, assertInstanceOf(TopicAliases.Refused.class, aliases.resolve(resent("", 3))).reason(),
                "it could reach the wrong topic");
        aliases.resolve(publish("room/3", 3));
        assertEquals("room/3", topicOf(aliases.resolve(resent("", 3))), "set on this connection, it is known");
    }

    private static Packet.Publish resent(String topic, int alias) {
        return new Packet.Publish(topic, Bytes.copyOf(new byte[0]), 1, false, true, 5,
                Properties.builder().number(Property.TOPIC_ALIAS, alias).build());
    }

    @Test
    void theMaximumIsAnnouncedUnlessItIsZero() {
        Properties.Builder connack = Properties.builder();
        aliases.announce(connack);
        assertEquals(10, connack.build().number(Property.TOPIC_ALIAS_MAXIMUM).getAsLong());

        Properties.Builder none = Properties.builder();
        new TopicAliases(0).announce(none);
        assertFalse(none.build().has(Property.TOPIC_ALIAS_MAXIMUM));
    }

    private static Packet.Publish publish(String topic, int alias) {
        return new Packet.Publish(topic, Bytes.copyOf(new byte[0]), 0, false, false, 0,
                Properties.builder().number(Property.TOPIC_ALIAS, alias).build());
    }

    private static String topicOf(TopicAliases.Resolved resolved) {
        return assertInstanceOf(TopicAliases.Topic.class, resolved).publish().topic();
    }
}
