package io.watchbox.internal.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {

    private final OriginPolicy sameOrigin = OriginPolicy.parse(null);

    @Test
    void byDefaultOnlyTheRequestsOwnOriginIsAllowed() {
        assertTrue(sameOrigin.allows("http://127.0.0.1:9080", "http", "127.0.0.1:9080"));
        assertTrue(sameOrigin.allows("HTTP://App.Example.com", "http", "app.example.com:80"), "case and default port");
        assertFalse(sameOrigin.allows("http://evil.example", "http", "127.0.0.1:9080"));
        assertFalse(sameOrigin.allows("https://127.0.0.1:9080", "http", "127.0.0.1:9080"), "another scheme is another origin");
        assertFalse(sameOrigin.allows("http://127.0.0.1:9081", "http", "127.0.0.1:9080"), "another port too");
    }

    @Test
    void aRequestWithoutOriginIsNotABrowsersAndIsNotAffected() {
        assertTrue(sameOrigin.allows(null, "http", "127.0.0.1:9080"));
        assertTrue(OriginPolicy.parse("https://app.example.com").allows(null, "http", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "", "file://", "javascript:alert(1)", "http://a.example/path", "http://u@a.example",
        "ws://127.0.0.1:9080", "not an origin"})
    void whatIsNotAnOriginIsRefused(String origin) {
        assertFalse(sameOrigin.allows(origin, "http", "127.0.0.1:9080"));
    }

    @Test
    void aListAllowsExactlyItsOrigins() {
        OriginPolicy listed = OriginPolicy.parse(" https://app.example.com , http://localhost:3000 ");

        assertTrue(listed.allows("https://app.example.com", "http", "127.0.0.1:9080"));
        assertTrue(listed.allows("https://app.example.com:443", "http", "127.0.0.1:9080"));
        assertTrue(listed.allows("http://localhost:3000", "http", "127.0.0.1:9080"));
        assertFalse(listed.allows("https://app.example.com.evil.example", "http", "127.0.0.1:9080"));
        assertFalse(listed.allows("http://127.0.0.1:9080", "http", "127.0.0.1:9080"), "a list replaces the default");
    }

    @Test
    void aStarAllowsEveryOrigin() {
        assertTrue(OriginPolicy.parse("*").allows("http://evil.example", "http", "127.0.0.1:9080"));
    }

    @Test
    void aBadEntryStopsTheDeploymentNamingTheKey() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> OriginPolicy.parse("https://ok.example, app.example.com"));

        assertTrue(e.getMessage().contains("watchbox.origins="), e::getMessage);
    }
}
