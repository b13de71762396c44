package io.watchbox.internal.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What MQTT 5.0 carries from a publisher to its subscribers besides the payload: user properties,
 * content type, payload format indicator, response topic, correlation data, and when the message
 * expires. Immutable. Messages without any (every JSON, REST and bean publish, and most MQTT ones)
 * share {@link #EMPTY}, so the common case allocates nothing.
 *
 * <p>The expiry is kept as an absolute time in milliseconds on the broker's clock (the injected
 * {@code Clock}, the wall clock in production), so that the interval left is known whenever the
 * message is framed, however long it waited in a queue, and so that it means the same on another
 * replica whose clock agrees.
 */
public final class MessageProperties {

    /** The expiry of a message that never expires. */
    public static final long NEVER = Long.MAX_VALUE;
    /** The payload format indicator of a message that has none. */
    public static final int NO_FORMAT = -1;

    public static final MessageProperties EMPTY = new MessageProperties(List.of(), null, NO_FORMAT, null, null, NEVER);

    /** One user property; a name may repeat, and the order is kept (MQTT-3.3.2-17, MQTT-3.3.2-18). */
    public record User(String name, String value) {
        public User {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    private final List<User> users;
    private final String contentType;
    private final int payloadFormat;
    private final String responseTopic;
    private final byte[] correlationData;
    private final long expiresAt;

    private MessageProperties(List<User> users, String contentType, int payloadFormat, String responseTopic,
                              byte[] correlationData, long expiresAt) {
        this.users = users;
        this.contentType = contentType;
        this.payloadFormat = payloadFormat;
        this.responseTopic = responseTopic;
        this.correlationData = correlationData;
        this.expiresAt = expiresAt;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isEmpty() {
        return this == EMPTY;
    }

    public List<User> users() {
        return users;
    }

    /** The content type, or null. */
    public String contentType() {
        return contentType;
    }

    /** 0 (unspecified bytes), 1 (UTF-8), or {@link #NO_FORMAT}. */
    public int payloadFormat() {
        return payloadFormat;
    }

    /** The response topic, or null. */
    public String responseTopic() {
        return responseTopic;
    }

    /** A copy of the correlation data, or null. */
    public byte[] correlationData() {
        return correlationData == null ? null : correlationData.clone();
    }

    /** When the message expires, in milliseconds on the broker's clock, or {@link #NEVER}. */
    public long expiresAt() {
        return expiresAt;
    }

    public boolean expires() {
        return expiresAt != NEVER;
    }

    /** Whether the message expired before {@code now}: its interval is used up, and it is not to be sent. */
    public boolean expired(long now) {
        return expires() && now > expiresAt;
    }

    /**
     * The whole seconds left to the message at {@code now}, rounded up so that a message sent at once
     * carries the interval it was published with (MQTT-3.3.2-6); 0 at the very end (and for an interval of 0
     * sent at once). Meaningful only while not {@link #expired}.
     */
    public long secondsLeft(long now) {
        long millis = expiresAt - now;
        return (millis + 999) / 1000;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageProperties that && users.equals(that.users)
                && Objects.equals(contentType, that.contentType) && payloadFormat == that.payloadFormat
                && Objects.equals(responseTopic, that.responseTopic) && Arrays.equals(correlationData, that.correlationData)
                && expiresAt == that.expiresAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(users, contentType, payloadFormat, responseTopic, Arrays.hashCode(correlationData), expiresAt);
    }

    @Override
    public String toString() {
        return "MessageProperties[users=" + users + ", contentType=" + contentType + ", payloadFormat=" + payloadFormat
                + ", responseTopic=" + responseTopic + ", correlationData="
                + (correlationData == null ? "null" : correlationData.length + " bytes")
                + ", expiresAt=" + (expires() ? Long.toString(expiresAt) : "never") + "]";
    }

    /** Collects the properties of one message; {@link #build} gives {@link #EMPTY} when none was set. */
    public static final class Builder {
        private final List<User> users = new ArrayList<>();
        private String contentType;
        private int payloadFormat = NO_FORMAT;
        private String responseTopic;
        private byte[] correlationData;
        private long expiresAt = NEVER;

        private Builder() {
        }

        public Builder user(String name, String value) {
            users.add(new User(name, value));
            return this;
        }

        public Builder contentType(String value) {
            contentType = value;
            return this;
        }

        public Builder payloadFormat(int value) {
            if (value != NO_FORMAT && value != 0 && value != 1) {
                throw new IllegalArgumentException("payload format indicator " + value);
            }
            payloadFormat = value;
            return this;
        }

        public Builder responseTopic(String value) {
            responseTopic = value;
            return this;
        }

        /** A copy of the bytes is kept. */
        public Builder correlationData(byte[] value) {
            correlationData = value == null ? null : value.clone();
            return this;
        }

        public Builder expiresAt(long millis) {
            expiresAt = millis;
            return this;
        }

        public MessageProperties build() {
            if (users.isEmpty() && contentType == null && payloadFormat == NO_FORMAT && responseTopic == null
                    && correlationData == null && expiresAt == NEVER) {
                return EMPTY;
            }
            return new MessageProperties(List.copyOf(users), contentType, payloadFormat, responseTopic, correlationData,
                    expiresAt);
        }
    }
}
