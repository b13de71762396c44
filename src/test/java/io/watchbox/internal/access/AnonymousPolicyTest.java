package io.watchbox.internal.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnonymousPolicyTest {

    @Test
    void localIsTheDefault() {
        assertEquals(AnonymousPolicy.LOCAL, AnonymousPolicy.parse(null));
        assertEquals(AnonymousPolicy.LOCAL, AnonymousPolicy.parse(" Local "));
        assertEquals(AnonymousPolicy.ANYWHERE, AnonymousPolicy.parse("true"));
        assertEquals(AnonymousPolicy.NOWHERE, AnonymousPolicy.parse("false"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1"})
    void localAdmitsLoopback(String address) {
        assertTrue(AnonymousPolicy.LOCAL.admits(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.2", "10.0.0.1", "::ffff:192.0.2.2", "fe80::1", "localhost", "deadbeef", ""})
    void localRefusesEverythingElseAndNeverLooksANameUp(String address) {
        assertFalse(AnonymousPolicy.LOCAL.admits(address));
    }

    @Test
    void trueAdmitsEveryoneAndFalseNobody() {
        assertTrue(AnonymousPolicy.ANYWHERE.admits("192.0.2.2"));
        assertFalse(AnonymousPolicy.NOWHERE.admits("127.0.0.1"));
    }

    @Test
    void anotherValueStopsTheDeploymentNamingTheKey() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> AnonymousPolicy.parse("yes"));

        assertTrue(e.getMessage().contains("watchbox.anonymous=yes"), e::getMessage);
    }
}
