package io.watchbox.internal.mqtt.codec;

import java.util.Objects;

/** One MQTT 5.0 user property: a name and a value, both UTF-8 strings. A name may repeat. */
public record UserProperty(String name, String value) {
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
