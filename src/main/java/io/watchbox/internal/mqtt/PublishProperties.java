package io.watchbox.internal.mqtt;

import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import io.watchbox.internal.mqtt.codec.UserProperty;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.routing.BadGroupException;
import io.watchbox.internal.routing.GroupName;
import java.util.OptionalLong;

/**
 * The MQTT 5.0 PUBLISH properties that travel with a message, between a client's PUBLISH and the
 * broker's {@link MessageProperties}: read when a client publishes, written again into each PUBLISH
 * sent to a 5.0 subscriber (MQTT-3.3.2-15 to -20: unaltered, user properties in order), with the
 * Message Expiry Interval lowered by the time the message waited (MQTT-3.3.2-6). The rest of a
 * PUBLISH's properties (topic alias, subscription identifiers) belong to one connection and stay there.
 */
public final class PublishProperties {

    private PublishProperties() {
    }

    /**
     * The properties of a client's PUBLISH received at {@code now} (the broker's clock, in
     * milliseconds); {@link MessageProperties#EMPTY} when it carries none of them.
     *
     * @throws BadGroupException when its Response Topic breaks the group rules, as the topic would
     *                           (the codec already refused wildcards, MQTT-3.3.2-14)
     */
    public static MessageProperties received(Properties properties, long now) throws BadGroupException {
        if (properties.isEmpty()) {
            return MessageProperties.EMPTY;
        }
        MessageProperties.Builder message = MessageProperties.builder();
        for (UserProperty user : properties.userProperties()) {
            message.user(user.name(), user.value());
        }
        properties.string(Property.CONTENT_TYPE).ifPresent(message::contentType);
        properties.number(Property.PAYLOAD_FORMAT_INDICATOR).ifPresent(format -> message.payloadFormat((int) format));
        String responseTopic = properties.string(Property.RESPONSE_TOPIC).orElse(null);
        if (responseTopic != null) {
            try {
                GroupName.checkTopic(responseTopic);
            } catch (BadGroupException e) {
                throw new BadGroupException("response topic: " + e.getMessage());
            }
            message.responseTopic(responseTopic);
        }
        properties.binary(Property.CORRELATION_DATA).ifPresent(data -> message.correlationData(data.toByteArray()));
        OptionalLong expiry = properties.number(Property.MESSAGE_EXPIRY_INTERVAL);
        if (expiry.isPresent()) {
            message.expiresAt(now + expiry.getAsLong() * 1000);
        }
        return message.build();
    }

    /**
     * A PUBLISH's properties to a subscriber at {@code now}, started with the message's own; the
     * caller adds what belongs to the connection (subscription identifiers). The message must not
     * have {@linkplain MessageProperties#expired expired}.
     */
    public static Properties.Builder builder(MessageProperties message, long now) {
        Properties.Builder properties = Properties.builder();
        if (message.isEmpty()) {
            return properties;
        }
        if (message.payloadFormat() != MessageProperties.NO_FORMAT) {
            properties.number(Property.PAYLOAD_FORMAT_INDICATOR, message.payloadFormat());
        }
        if (message.expires()) {
            properties.number(Property.MESSAGE_EXPIRY_INTERVAL, message.secondsLeft(now));
        }
        if (message.contentType() != null) {
            properties.string(Property.CONTENT_TYPE, message.contentType());
        }
        if (message.responseTopic() != null) {
            properties.string(Property.RESPONSE_TOPIC, message.responseTopic());
        }
        byte[] correlation = message.correlationData();
        if (correlation != null) {
            properties.binary(Property.CORRELATION_DATA, Bytes.adopt(correlation));
        }
        for (MessageProperties.User user : message.users()) {
            properties.userProperty(user.name(), user.value());
        }
        return properties;
    }
}
