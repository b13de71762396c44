package io.watchbox.internal.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.UserProperty;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.routing.BadGroupException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishPropertiesTest {

    private static final long NOW = 1_000_000;

    @Test
    void aPublishWithoutPropertiesOrWithOnlyItsConnectionsOnesCarriesNone() throws BadGroupException {
        assertSame(MessageProperties.EMPTY, PublishProperties.received(Properties.EMPTY, NOW));
        assertSame(MessageProperties.EMPTY,
                PublishProperties.received(Properties.builder().number(Property.TOPIC_ALIAS, 3).build(), NOW));
    }

    @Test
    void whatComesInGoesOutUnalteredWithTheExpiryLeft() throws BadGroupException {
        Properties in = Properties.builder()
                .userProperty("x", "1").userProperty("y", "2").userProperty("x", "3")
                .string(Property.CONTENT_TYPE, "application/json")
                .number(Property.PAYLOAD_FORMAT_INDICATOR, 0)
                .string(Property.RESPONSE_TOPIC, "replies/me")
                .binary(Property.CORRELATION_DATA, Bytes.copyOf(new byte[] {(byte) 0xFF, 0}))
                .number(Property.MESSAGE_EXPIRY_INTERVAL, 30)
                .number(Property.TOPIC_ALIAS, 2)
                .build();

        MessageProperties message = PublishProperties.received(in, NOW);
        Properties out = PublishProperties.builder(message, NOW + 12_000).build();

        assertEquals(NOW + 30_000, message.expiresAt());
        assertEquals(List.of(new UserProperty("x", "1"), new UserProperty("y", "2"), new UserProperty("x", "3")),
                out.userProperties());
        assertEquals("application/json", out.string(Property.CONTENT_TYPE).orElseThrow());
        assertEquals(0, out.number(Property.PAYLOAD_FORMAT_INDICATOR).getAsLong());
        assertEquals("replies/me", out.string(Property.RESPONSE_TOPIC).orElseThrow());
        assertArrayEquals(new byte[] {(byte) 0xFF, 0}, out.binary(Property.CORRELATION_DATA).orElseThrow().toByteArray());
        assertEquals(18, out.number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong());
        assertFalse(out.has(Property.TOPIC_ALIAS), "the publisher's alias belongs to its connection");
    }

    @Test
    void theLargestExpiryIntervalDoesNotOverflow() throws BadGroupException {
        MessageProperties message = PublishProperties.received(
                Properties.builder().number(Property.MESSAGE_EXPIRY_INTERVAL, 0xFFFF_FFFFL).build(), NOW);

        assertEquals(0xFFFF_FFFFL,
                PublishProperties.builder(message, NOW).build().number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong());
    }

    @Test
    void aResponseTopicFollowsTheGroupRules() {
        BadGroupException refused = assertThrows(BadGroupException.class, () -> PublishProperties.received(
                Properties.builder().string(Property.RESPONSE_TOPIC, "$share/g/t").build(), NOW));

        assertTrue(refused.getMessage().startsWith("response topic: "), refused.getMessage());
    }

    @Test
    void aMessageWithoutPropertiesStartsAnEmptyBuilder() {
        assertTrue(PublishProperties.builder(MessageProperties.EMPTY, NOW).build().isEmpty());
    }
}
