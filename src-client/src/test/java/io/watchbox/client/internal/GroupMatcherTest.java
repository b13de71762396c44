package io.watchbox.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupMatcherTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "a/b/c, a/b/c, true",
        "a/b/c, a/b, false",
        "a/b, a/b/c, false",
        "a/b/c, a/b/d, false",
        "+, a, true",
        "+, a/b, false",
        "a/+/c, a/b/c, true",
        "a/+/c, a/b/x/c, false",
        "a/+, a, false",
        "+/+, a/b, true",
        "#, a, true",
        "#, a/b/c, true",
        "a/#, a, true",
        "a/#, a/b, true",
        "a/#, a/b/c, true",
        "a/#, ab, false",
        "a/#, b/a, false",
        "+/#, a/b/c, true",
        "sensors/+/temp, sensors/kitchen/temp, true",
        "sensors/+/temp, sensors/kitchen/humidity, false",
        "a//c, a//c, true",
        "a/+/c, a//c, true",
    })
    void mqttMatching(String pattern, String group, boolean expected) {
        assertEquals(expected, GroupMatcher.matches(pattern, group));
    }
}
