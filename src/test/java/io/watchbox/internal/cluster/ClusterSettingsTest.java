package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import io.watchbox.InvalidSettingException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void aBadNameFailsNamingItsKey() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new ClusterSettings("redis://h", "two words"));
        assertTrue(e.getMessage().contains(ClusterSettings.NAME), e.getMessage());
    }

    @Test
    void lettuceUrisAreAccepted() {
        assertEquals(6379, RedisRelay.uri("redis://127.0.0.1:6379").getPort());
        assertEquals(3, RedisRelay.uri("redis://:secret@redis.example:6380/3").getDatabase());
        assertTrue(RedisRelay.uri("rediss://user:secret@redis.example").isSsl());
    }

    @Test
    void aSentinelUriNamesItsSentinelsAndThePrimaryTheyWatch() {
        RedisURI uri = RedisRelay.uri("redis-sentinel://secret@s1:26379,s2:26380,s3/2#watchbox-primary");
        assertEquals(List.of("s1:26379", "s2:26380", "s3:26379"),
                uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort()).toList());
        assertEquals("watchbox-primary", uri.getSentinelMasterId());
        assertEquals(2, uri.getDatabase());
    }

    @Test
    void aBadUriFailsNamingItsKeyAndNotThePassword() {
        // A Sentinel URI without the primary's name (#masterId) is refused here, not at every connect.
        for (String bad : new String[] {"127.0.0.1:6379", "http://h", "redis://:s3cret@", "", "redis://",
                "redis-sentinel://s3cret@s1:26379,s2:26379", "redis-sentinel://s3cret@s1:26379#"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> RedisRelay.uri(bad), bad);
            assertTrue(e.getMessage().contains(ClusterSettings.REDIS), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
    }

    @Test
    void aReplicaStaysReadyWithoutRedisUnlessToldFalseInAnyCase() {
        assertTrue(ClusterSettings.readyWithoutRedis(null));
        assertTrue(ClusterSettings.readyWithoutRedis(" TRUE "));
        assertFalse(ClusterSettings.readyWithoutRedis("false"));
        assertFalse(ClusterSettings.readyWithoutRedis("False"));
        assertTrue(new ClusterSettings("redis://h", "watchbox").readyWithoutRedis());
    }

    @Test
    void aReadinessChoiceThatIsNotTrueOrFalseFailsNamingItsKey() {
        for (String bad : new String[] {"yes", "", "1", "truee"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> ClusterSettings.readyWithoutRedis(bad), bad);
            assertTrue(e.getMessage().contains(ClusterSettings.READY_WITHOUT_REDIS) && e.getMessage().contains("true or false"),
                    e.getMessage());
        }
    }

    @Test
    void aStoppingReplicaHandsItsSessionsOverFor20SecondsUnlessToldOtherwiseAndZeroTurnsItOff() {
        assertEquals(Duration.ofSeconds(20), ClusterSettings.handOver(null));
        assertEquals(Duration.ofSeconds(5), ClusterSettings.handOver(" 5 "));
        assertEquals(Duration.ZERO, ClusterSettings.handOver("0"));
        assertEquals(Duration.ofSeconds(600), ClusterSettings.handOver("600"));
    }

    @Test
    void theMirrorIsOnUnlessTurnedOffInAnyCase() {
        assertTrue(ClusterSettings.mirror(null));
        assertTrue(ClusterSettings.mirror(" TRUE "));
        assertFalse(ClusterSettings.mirror("false"));
        assertFalse(ClusterSettings.mirror(" False "));
    }

    @Test
    void aMirrorValueOtherThanTrueOrFalseFailsNamingItsKey() {
        for (String bad : new String[] {"yes", "1", "", "on"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ClusterSettings.mirror(bad), bad);
            assertTrue(e.getMessage().contains(ClusterSettings.MIRROR), e.getMessage());
        }
    }

    @Test
    void aHandOverTimeThatIsNotWholeSecondsUpTo600FailsNamingItsKey() {
        for (String bad : new String[] {"-1", "601", "2.5", "20s", ""}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ClusterSettings.handOver(bad), bad);
            assertTrue(e.getMessage().contains(ClusterSettings.HAND_OVER), e.getMessage());
        }
    }

    @Test
    void printedSettingsShowNoPassword() {
        String printed = new ClusterSettings("rediss://:s3cret@h:6380", "watchbox", "/etc/ca.pem", "st0re").toString();
        assertFalse(printed.contains("s3cret") || printed.contains("st0re"), printed);
        assertTrue(printed.contains("/etc/ca.pem"), printed);
    }

    @Test
    void messagesWaitForRedisUpTo16MiBAnd10SecondsByDefault() {
        assertEquals(new OutageBounds(16 * 1024 * 1024, 10), OutageBounds.parse(null, null));
        assertEquals(OutageBounds.DEFAULT, new ClusterSettings("redis://h", "watchbox").outage());
        assertEquals(new OutageBounds(0, 3600), OutageBounds.parse(" 0 ", "3600"), "0 holds nothing");
    }

    @Test
    void anOutageBoundThatIsNotAWholeNumberInRangeFailsNamingItsKey() {
        for (String bad : new String[] {"-1", "", "16MiB", "1.5", "1073741825"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> OutageBounds.parse(bad, null), bad);
            assertTrue(e.getMessage().startsWith("Watchbox setting " + OutageBounds.BYTES + "="), e.getMessage());
        }
        for (String bad : new String[] {"-1", "", "ten", "3601"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> OutageBounds.parse(null, bad), bad);
            assertTrue(e.getMessage().startsWith("Watchbox setting " + OutageBounds.SECONDS + "="), e.getMessage());
        }
    }
}
