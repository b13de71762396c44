package io.watchbox.internal.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.InvalidSettingException;
import io.watchbox.Settings;
import io.watchbox.internal.cluster.ClusterSettings;
import io.watchbox.internal.core.store.StoreSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings as MicroProfile Config gives them: ranges, names in every refusal, defaults. */
class WatchboxConfigTest {

    private static final Map<String, String> RANGES = Map.ofEntries(
            Map.entry(Settings.LOGGINGLEVEL, "0-3"),
            Map.entry(Settings.TIMEOUT, "1-2147483 seconds"),
            Map.entry(Settings.LISTLIMIT, ">= 1"),
            Map.entry(Settings.MAXMESSAGE, "64-268435455 bytes"),
            Map.entry(Settings.RATELIMIT, ">= 0 per second (0: no limit)"),
            Map.entry(Settings.MAXCLIENTS, ">= 1"),
            Map.entry(Settings.MAXSUBSCRIPTIONS, ">= 1"),
            Map.entry(Settings.HELLOTIMEOUT, "1-2147483 seconds"),
            Map.entry(Settings.MQTT_MAXSESSIONEXPIRY, "0-2147483 seconds"),
            Map.entry(Settings.MAXQUEUEDBYTES, ">= 65536 bytes"),
            Map.entry(Settings.MQTT_TOPICALIASMAX, "0-65535 (0: no topic aliases)"),
            Map.entry(Settings.MQTT_MAXKEEPALIVE, "1-65535 seconds"),
            Map.entry(Settings.RETAINED_MAXCOUNT, ">= 1"),
            Map.entry(Settings.RETAINED_MAXBYTES, ">= 1024 bytes"));

    @Test
    void theDefaultsAreTheContracts() {
        Settings defaults = Settings.DEFAULTS;

        assertEquals(3, defaults.logginglevel());
        assertEquals(10, defaults.timeout());
        assertEquals(50, defaults.listlimit());
        assertEquals(65536, defaults.maxmessage());
        assertEquals(0, defaults.ratelimit());
        assertEquals(10_000, defaults.maxclients());
        assertEquals(100, defaults.maxsubscriptions());
        assertEquals(5, defaults.hellotimeout());
        assertEquals(3600, defaults.mqttmaxsessionexpiry());
        assertEquals(1_048_576, defaults.maxqueuedbytes());
        assertEquals(10, defaults.mqtttopicaliasmax());
        assertEquals(1200, defaults.mqttmaxkeepalive());
        assertEquals("/watchbox", defaults.path());
        assertEquals(10_000, defaults.timeoutMillis());
        assertEquals(defaults, config(Map.of()).settings());
    }

    @Test
    void theEdgesOfEachRangeAreValid() {
        assertDoesNotThrow(() -> ValidSettings.builder().logginglevel(0).timeout(1).listlimit(1).maxmessage(64)
                .ratelimit(0).maxclients(1).maxsubscriptions(1).mqttmaxkeepalive(1).path("/a").build());
        assertDoesNotThrow(() -> ValidSettings.builder().logginglevel(3).timeout(Integer.MAX_VALUE / 1000)
                .listlimit(Integer.MAX_VALUE).maxmessage(Integer.MAX_VALUE / 8).ratelimit(Integer.MAX_VALUE)
                .maxclients(Integer.MAX_VALUE).maxsubscriptions(Integer.MAX_VALUE).mqttmaxkeepalive(65535).build());
        assertEquals(2_147_483_000L, ValidSettings.DEFAULTS.withTimeout(Integer.MAX_VALUE / 1000).timeoutMillis());
    }

    @Test
    void surroundingWhitespaceInAConfiguredValueIsIgnored() {
        Settings expected = ValidSettings.builder().logginglevel(2).timeout(5).listlimit(7).maxmessage(100).ratelimit(9)
                .maxclients(8).maxsubscriptions(6).path("/rt").build();

        assertEquals(expected, config(Map.of(Settings.LOGGINGLEVEL, " 2", Settings.TIMEOUT, "5 ",
                Settings.LISTLIMIT, "\t7", Settings.MAXMESSAGE, "100\n", Settings.RATELIMIT, " 9",
                Settings.MAXCLIENTS, "8", Settings.MAXSUBSCRIPTIONS, "6", Settings.PATH, " /rt ")).settings());
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
        "watchbox.hellotimeout, 0",
        "watchbox.mqtt.maxsessionexpiry, -1",
        "watchbox.mqtt.maxsessionexpiry, 2147484",
        "watchbox.maxqueuedbytes, 65535",
        "watchbox.retained.maxcount, 0",
        "watchbox.retained.maxbytes, 1023",
        "watchbox.mqtt.topicaliasmax, -1",
        "watchbox.mqtt.topicaliasmax, 65536",
        "watchbox.mqtt.maxkeepalive, 0",
        "watchbox.mqtt.maxkeepalive, 65536",
    })
    void anOutOfRangeValueIsRefusedNamingKeyValueAndRange(String key, String value) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> config(Map.of(key, value)).settings());

        assertNames(e, key, value);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("notNumbers")
    void aValueThatIsNotANumberIsRefusedNamingKeyValueAndRange(String key, String value) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> WatchboxConfig.parse(key, value));

        assertNames(e, key, String.valueOf(value));
    }

    static Stream<Arguments> notNumbers() {
        return RANGES.keySet().stream().sorted().flatMap(key -> Stream.of(
                "ten", "", " ", "1.5", "0x10", "1e3", "5s", "99999999999", null)
                .map(value -> Arguments.of(key, value)));
    }

    @ParameterizedTest(name = "path {0}")
    @ValueSource(strings = {"", "/", "watchbox", "/watchbox/", "//watchbox", "/a//b", "/a b", "/a?b", "/a#b",
        "/a%20b", "/a/*", "/a/../b", "/..", "/.", "/wätch"})
    void aPathThatIsNotAPlainPathIsRefusedNamingTheKey(String path) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> config(Map.of(Settings.PATH, path)).settings());

        assertTrue(e.getMessage().contains(Settings.PATH + "=" + path.strip() + " "), e::getMessage);
        assertTrue(e.getMessage().endsWith("allowed: " + ValidSettings.range(Settings.PATH)), e::getMessage);
    }

    @ParameterizedTest(name = "path {0}")
    @ValueSource(strings = {"/watchbox", "/rt", "/apps/chat/live", "/a.b_c~d-e", "/v1.0"})
    void aPlainPathIsTaken(String path) {
        assertEquals(path, config(Map.of(Settings.PATH, path)).settings().path());
    }

    @Test
    void changingASettingAtRunTimeIsCheckedToo() {
        assertNames(assertThrows(InvalidSettingException.class, () -> ValidSettings.DEFAULTS.withTimeout(0)),
                Settings.TIMEOUT, "0");
        assertNames(assertThrows(InvalidSettingException.class, () -> ValidSettings.DEFAULTS.withListlimit(0)),
                Settings.LISTLIMIT, "0");
        assertNames(assertThrows(InvalidSettingException.class, () -> ValidSettings.DEFAULTS.withLogginglevel(7)),
                Settings.LOGGINGLEVEL, "7");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyLoggingLevelOfTheContractIsValid(int level) {
        assertEquals(level, ValidSettings.DEFAULTS.withLogginglevel(level).logginglevel());
    }

    @Test
    void aChangeKeepsEveryOtherSetting() {
        ValidSettings custom = ValidSettings.builder().listlimit(7).ratelimit(3).path("/rt").build();

        Settings changed = custom.withTimeout(30);

        assertEquals(custom.toBuilder().timeout(30).build(), changed);
        assertEquals(7, changed.listlimit());
        assertEquals("/rt", changed.path());
    }

    @Test
    void theClusterKeysAreReadTogetherAndBlankOnesAreUnset() {
        WatchboxConfig config = config(Map.of());
        config.clusterName = "watchbox";
        config.clusterRedis = Optional.of(" rediss://:pw@redis:6380 ");
        config.clusterTruststore = Optional.of(" /etc/redis/ca.pem ");
        config.clusterTruststorePassword = Optional.of(" ");

        assertEquals(Optional.of(new ClusterSettings("rediss://:pw@redis:6380", "watchbox", "/etc/redis/ca.pem", null)),
                config.cluster());

        config.clusterRedis = Optional.of("");
        assertEquals(Optional.empty(), config.cluster());
    }
    @Test
    void withoutWatchboxStoreNothingIsKeptAndWithItTheIntervalDefaultsToFiveSeconds() {
        WatchboxConfig config = config(Map.of());
        config.storeInterval = StoreSettings.DEFAULT_INTERVAL;
        assertEquals(Optional.empty(), config.store());
        config.storeDirectory = Optional.of("  ");
        assertEquals(Optional.empty(), config.store(), "blank is unset");

        config.storeDirectory = Optional.of(" /var/lib/watchbox ");
        assertEquals(Optional.of(new StoreSettings(Path.of("/var/lib/watchbox"), 5)), config.store());
        config.storeInterval = "0";
        assertEquals(Optional.of(new StoreSettings(Path.of("/var/lib/watchbox"), 0)), config.store());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "86401", "5s", ""})
    void aBadStoreIntervalIsRefusedByName(String interval) {
        WatchboxConfig config = config(Map.of());
        config.storeDirectory = Optional.of("/var/lib/watchbox");
        config.storeInterval = interval;

        InvalidSettingException e = assertThrows(InvalidSettingException.class, config::store);
        assertTrue(e.getMessage().contains(StoreSettings.INTERVAL + "=" + interval + " "), e.getMessage());
    }

    @Test
    void whetherAReplicaStaysReadyWithoutRedisIsReadWithTheClusterKeys() {
        WatchboxConfig config = config(Map.of());
        config.clusterName = "watchbox";
        config.clusterRedis = Optional.of("redis://redis:6379");
        config.clusterReadyWithoutRedis = "true";
        assertTrue(config.cluster().orElseThrow().readyWithoutRedis());

        config.clusterReadyWithoutRedis = " false ";
        assertFalse(config.cluster().orElseThrow().readyWithoutRedis());

        config.clusterReadyWithoutRedis = "no";
        InvalidSettingException e = assertThrows(InvalidSettingException.class, config::cluster);
        assertTrue(e.getMessage().contains("watchbox.cluster.readywithoutredis=no"), e.getMessage());
    }

    /** A configuration bean with the defaults, and the given raw values in place of theirs. */
    private static WatchboxConfig config(Map<String, String> raw) {
        WatchboxConfig config = new WatchboxConfig();
        config.logginglevel = raw.getOrDefault(Settings.LOGGINGLEVEL, "3");
        config.timeout = raw.getOrDefault(Settings.TIMEOUT, "10");
        config.listlimit = raw.getOrDefault(Settings.LISTLIMIT, "50");
        config.maxmessage = raw.getOrDefault(Settings.MAXMESSAGE, "65536");
        config.ratelimit = raw.getOrDefault(Settings.RATELIMIT, "0");
        config.maxclients = raw.getOrDefault(Settings.MAXCLIENTS, "10000");
        config.maxsubscriptions = raw.getOrDefault(Settings.MAXSUBSCRIPTIONS, "100");
        config.hellotimeout = raw.getOrDefault(Settings.HELLOTIMEOUT, "5");
        config.mqttmaxsessionexpiry = raw.getOrDefault(Settings.MQTT_MAXSESSIONEXPIRY, "3600");
        config.maxqueuedbytes = raw.getOrDefault(Settings.MAXQUEUEDBYTES, "1048576");
        config.mqtttopicaliasmax = raw.getOrDefault(Settings.MQTT_TOPICALIASMAX, "10");
        config.mqttmaxkeepalive = raw.getOrDefault(Settings.MQTT_MAXKEEPALIVE, "1200");
        config.path = raw.getOrDefault(Settings.PATH, "/watchbox");
        config.retainedmaxcount = raw.getOrDefault(Settings.RETAINED_MAXCOUNT, "10000");
        config.retainedmaxbytes = raw.getOrDefault(Settings.RETAINED_MAXBYTES, "16777216");
        return config;
    }

    private static void assertNames(InvalidSettingException e, String key, String value) {
        String message = e.getMessage();
        assertTrue(message.contains(key + "=" + value + " "), () -> "key and value missing from: " + message);
        assertTrue(message.endsWith("allowed: " + RANGES.get(key)), () -> "range missing from: " + message);
    }
}
