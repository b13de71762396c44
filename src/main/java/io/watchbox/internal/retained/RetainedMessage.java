package io.watchbox.internal.retained;

import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.protocol.Utf8;
import java.util.Objects;

/**
 * A group's retained message: the newest message published to it with retain, which every new
 * subscription that matches the group receives first, at the QoS and with the MQTT 5.0 properties
 * it was published with (MQTT 5.0, 3.3.1.3).
 *
 * @param group      the group it was published to
 * @param payload    what it carries, text or bytes; never empty (an empty retained message clears the group instead)
 * @param from       the uid of the session that published it, or null when the server did
 * @param retainedAt when it was retained, in epoch milliseconds
 * @param qos        the MQTT QoS it was published with; {@link EncodedMessage#DEFAULT_QOS} for a JSON, REST or
 *                   application publish
 * @param properties what an MQTT 5.0 publisher sent with it, {@link MessageProperties#EMPTY} for most; its expiry
 *                   goes on counting while it is retained
 */
public record RetainedMessage(String group, Payload payload, String from, long retainedAt, int qos,
                              MessageProperties properties) {

    public RetainedMessage {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(properties, "properties");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS " + qos);
        }
    }

    /** A retained message published without MQTT: at QoS 1, without properties. */
    public RetainedMessage(String group, Payload payload, String from, long retainedAt) {
        this(group, payload, from, retainedAt, EncodedMessage.DEFAULT_QOS, MessageProperties.EMPTY);
    }

    /**
     * What it weighs against {@code watchbox.retained.maxbytes}: the UTF-8 bytes of its group, its
     * payload's bytes, and those of its properties' strings and correlation data.
     */
    public long bytes() {
        return Utf8.length(group) + payload.size() + propertyBytes(properties);
    }

    /** Whether publishing it clears its group's retained message rather than keeping it. */
    public boolean clears() {
        return payload.size() == 0;
    }

    /** Whether its Message Expiry Interval ran out before {@code now} (epoch milliseconds): it is no longer sent. */
    public boolean expired(long now) {
        return properties.expired(now);
    }

    private static long propertyBytes(MessageProperties properties) {
        if (properties.isEmpty()) {
            return 0;
        }
        long bytes = length(properties.contentType()) + length(properties.responseTopic());
        byte[] correlation = properties.correlationData();
        if (correlation != null) {
            bytes += correlation.length;
        }
        for (MessageProperties.User user : properties.users()) {
            bytes += Utf8.length(user.name()) + Utf8.length(user.value());
        }
        return bytes;
    }

    private static long length(String text) {
        return text == null ? 0 : Utf8.length(text);
    }
}
