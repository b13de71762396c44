package io.watchbox.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

    private static final Map<String, String> RANGES = Map.of(
            Settings.LOGGINGLEVEL, "0-3",
            Settings.TIMEOUT, "1-2147483 seconds",
            Settings.LISTLIMIT, ">= 1",
            Settings.MAXMESSAGE, "64-268435455 bytes",
            Settings.RATELIMIT, ">= 0 per second (0: no limit)",
            Settings.MAXCLIENTS, ">= 1",
            Settings.MAXSUBSCRIPTIONS, ">= 1");

    @Test
    void theDefaultsAreTheContractsAndValid() {
        assertEquals(new Settings(3, 10, 50, 65536, 0, 10_000, 100), Settings.DEFAULTS);
        assertEquals(Settings.DEFAULTS, Settings.parse("3", "10", "50", "65536", "0", "10000", "100"));
        assertEquals(10_000, Settings.DEFAULTS.timeoutMillis());
    }

    @Test
    void theEdgesOfEachRangeAreValid() {
        assertDoesNotThrow(() -> new Settings(0, 1, 1, 64, 0, 1, 1));
        assertDoesNotThrow(() -> new Settings(3, Integer.MAX_VALUE / 1000, Integer.MAX_VALUE, Integer.MAX_VALUE / 8, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(2_147_483_000L, Settings.DEFAULTS.withTimeout(Integer.MAX_VALUE / 1000).timeoutMillis());
    }

    @Test
    void surroundingWhitespaceInAConfiguredValueIsIgnored() {
        assertEquals(new Settings(2, 5, 7, 100, 9, 8, 6), Settings.parse(" 2", "5 ", "\t7", "100\n", " 9", "8", "6"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "watchbox.logginglevel, -1",
        "watchbox.logginglevel, 4",
        "watchbox.logginglevel, -2147483648",
        "watchbox.timeout, 0",
        "watchbox.timeout, -10",
        "watchbox.timeout, 2147484",
        "watchbox.listlimit, 0",
        "watchbox.listlimit, -1",
        "watchbox.maxmessage, 63",
        "watchbox.maxmessage, 0",
        "watchbox.maxmessage, 268435456",
        "watchbox.ratelimit, -1",
        "watchbox.maxclients, 0",
        "watchbox.maxsubscriptions, 0",
    })
    void anOutOfRangeValueIsRefusedNamingKeyValueAndRange(String key, String value) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> parseWith(key, value));

        assertNames(e, key, value);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("notNumbers")
    void aValueThatIsNotANumberIsRefusedNamingKeyValueAndRange(String key, String value) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> parseWith(key, value));

        assertNames(e, key, String.valueOf(value));
    }

    static Stream<Arguments> notNumbers() {
        return RANGES.keySet().stream().sorted().flatMap(key -> Stream.of(
                "ten", "", " ", "1.5", "0x10", "1e3", "5s", "99999999999", null)
                .map(value -> Arguments.of(key, value)));
    }

    @Test
    void changingASettingAtRunTimeIsCheckedToo() {
        assertNames(assertThrows(InvalidSettingException.class, () -> Settings.DEFAULTS.withTimeout(0)),
                Settings.TIMEOUT, "0");
        assertNames(assertThrows(InvalidSettingException.class, () -> Settings.DEFAULTS.withListlimit(0)),
                Settings.LISTLIMIT, "0");
        assertNames(assertThrows(InvalidSettingException.class, () -> Settings.DEFAULTS.withLogginglevel(7)),
                Settings.LOGGINGLEVEL, "7");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyLoggingLevelOfTheContractIsValid(int level) {
        assertEquals(level, Settings.DEFAULTS.withLogginglevel(level).logginglevel());
    }

    private static Settings parseWith(String key, String value) {
        Map<String, String> raw = new HashMap<>(Map.of(Settings.LOGGINGLEVEL, "3", Settings.TIMEOUT, "10",
                Settings.LISTLIMIT, "50", Settings.MAXMESSAGE, "65536", Settings.RATELIMIT, "0",
                Settings.MAXCLIENTS, "10000", Settings.MAXSUBSCRIPTIONS, "100"));
        raw.put(key, value);
        return Settings.parse(raw.get(Settings.LOGGINGLEVEL), raw.get(Settings.TIMEOUT),
                raw.get(Settings.LISTLIMIT), raw.get(Settings.MAXMESSAGE), raw.get(Settings.RATELIMIT),
                raw.get(Settings.MAXCLIENTS), raw.get(Settings.MAXSUBSCRIPTIONS));
    }

    private static void assertNames(InvalidSettingException e, String key, String value) {
        String message = e.getMessage();
        assertTrue(message.contains(key + "=" + value + " "), () -> "key and value missing from: " + message);
        assertTrue(message.endsWith("allowed: " + RANGES.get(key)), () -> "range missing from: " + message);
    }
}
