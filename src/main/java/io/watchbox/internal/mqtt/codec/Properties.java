package io.watchbox.internal.mqtt.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The MQTT 5.0 properties of one packet (or of a will), immutable. A property given once is read
 * by its type ({@link #number}, {@link #string}, {@link #binary}); user properties keep their
 * order and may repeat a name; a PUBLISH may carry several subscription identifiers. A 3.1.1
 * packet always has {@link #EMPTY}.
 */
public final class Properties {

    public static final Properties EMPTY =
            new Properties(Collections.unmodifiableMap(new EnumMap<>(Property.class)), List.of(), List.of());

    private final Map<Property, Object> single;
    private final List<UserProperty> userProperties;
    private final List<Integer> subscriptionIdentifiers;

    private Properties(Map<Property, Object> single, List<UserProperty> userProperties, List<Integer> subscriptionIdentifiers) {
        this.single = single;
        this.userProperties = userProperties;
        this.subscriptionIdentifiers = subscriptionIdentifiers;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isEmpty() {
        return single.isEmpty() && userProperties.isEmpty() && subscriptionIdentifiers.isEmpty();
    }

    public boolean has(Property property) {
        switch (property) {
            case USER_PROPERTY: return !userProperties.isEmpty();
            case SUBSCRIPTION_IDENTIFIER: return !subscriptionIdentifiers.isEmpty();
            default: return single.containsKey(property);
        }
    }

    /** A number property's value (a four-byte integer is unsigned, hence a long). */
    public OptionalLong number(Property property) {
        requireType(property, property.type().isNumber() && property != Property.SUBSCRIPTION_IDENTIFIER);
        Object value = single.get(property);
        return value == null ? OptionalLong.empty() : OptionalLong.of((Long) value);
    }

    public Optional<String> string(Property property) {
        requireType(property, property.type() == Property.Type.UTF8_STRING);
        return Optional.ofNullable((String) single.get(property));
    }

    public Optional<Bytes> binary(Property property) {
        requireType(property, property.type() == Property.Type.BINARY_DATA);
        return Optional.ofNullable((Bytes) single.get(property));
    }

    /** In the order they came. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** In the order they came; at most one except in a PUBLISH to a client. */
    public List<Integer> subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }

    /** Whether every property here may travel in {@code place}. */
    public boolean allowedIn(Property.Place place) {
        return firstNotAllowedIn(place) == null;
    }

    /** A property here that may not travel in {@code place}, or null. */
    Property firstNotAllowedIn(Property.Place place) {
        for (Property property : single.keySet()) {
            if (!property.allowedIn(place)) {
                return property;
            }
        }
        if (!userProperties.isEmpty() && !Property.USER_PROPERTY.allowedIn(place)) {
            return Property.USER_PROPERTY;
        }
        if (!subscriptionIdentifiers.isEmpty() && !Property.SUBSCRIPTION_IDENTIFIER.allowedIn(place)) {
            return Property.SUBSCRIPTION_IDENTIFIER;
        }
        return null;
    }

    /** The properties given once, in identifier order, for the encoder. */
    Map<Property, Object> singleValued() {
        return single;
    }

    private static void requireType(Property property, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException(property + " is of type " + property.type());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Properties that && single.equals(that.single)
                && userProperties.equals(that.userProperties) && subscriptionIdentifiers.equals(that.subscriptionIdentifiers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(single, userProperties, subscriptionIdentifiers);
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "{}";
        }
        StringBuilder text = new StringBuilder("{");
        single.forEach((property, value) -> text.append(property).append('=').append(value).append(", "));
        userProperties.forEach(user -> text.append(user.name()).append(':').append(user.value()).append(", "));
        subscriptionIdentifiers.forEach(id -> text.append("SUBSCRIPTION_IDENTIFIER=").append(id).append(", "));
        return text.replace(text.length() - 2, text.length(), "}").toString();
    }

    /** Builds a {@link Properties}; a property set twice keeps the last value, except the repeatable two. */
    public static final class Builder {
        private final EnumMap<Property, Object> single = new EnumMap<>(Property.class);
        private final List<UserProperty> userProperties = new ArrayList<>();
        private final List<Integer> subscriptionIdentifiers = new ArrayList<>();

        private Builder() {
        }

        /** A byte, two-byte or four-byte integer property, checked against its range. */
        public Builder number(Property property, long value) {
            requireType(property, property.type().isNumber() && property != Property.SUBSCRIPTION_IDENTIFIER);
            if (!property.accepts(value)) {
                throw new IllegalArgumentException(property + " cannot be " + value);
            }
            single.put(property, value);
            return this;
        }

        public Builder string(Property property, String value) {
            requireType(property, property.type() == Property.Type.UTF8_STRING);
            single.put(property, Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder binary(Property property, Bytes value) {
            requireType(property, property.type() == Property.Type.BINARY_DATA);
            single.put(property, Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        /** From 1 to 268,435,455. */
        public Builder subscriptionIdentifier(int id) {
            if (!Property.SUBSCRIPTION_IDENTIFIER.accepts(id)) {
                throw new IllegalArgumentException("subscription identifier cannot be " + id);
            }
            subscriptionIdentifiers.add(id);
            return this;
        }

        public Properties build() {
            if (single.isEmpty() && userProperties.isEmpty() && subscriptionIdentifiers.isEmpty()) {
                return EMPTY;
            }
            return new Properties(Collections.unmodifiableMap(new EnumMap<>(single)), List.copyOf(userProperties),
                    List.copyOf(subscriptionIdentifiers));
        }
    }
}
