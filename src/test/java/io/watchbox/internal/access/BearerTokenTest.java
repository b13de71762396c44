package io.watchbox.internal.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchbox.WatchboxAuthenticator.Handshake;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void theSchemeIsCaseInsensitiveAndTheTokenIsTrimmed() {
        assertEquals("abc.def", BearerToken.of("Bearer abc.def"));
        assertEquals("abc.def", BearerToken.of("bearer   abc.def "));
    }

    @Test
    void otherSchemesAndEmptyTokensAreNoBearerToken() {
        assertNull(BearerToken.of(null));
        assertNull(BearerToken.of("Basic dXNlcjpwdw=="));
        assertNull(BearerToken.of("Bearer "));
        assertNull(BearerToken.of("Bearerabc"));
    }

    @Test
    void theHeaderIsFoundByNameInAnyCase() {
        assertEquals("t", BearerToken.of(handshake(Map.of("AUTHORIZATION", List.of("Bearer t"))).header(BearerToken.HEADER)));
        assertNull(BearerToken.of(handshake(Map.of("Cookie", List.of("Bearer t"))).header(BearerToken.HEADER)));
    }

    private static Handshake handshake(Map<String, List<String>> headers) {
        return new Handshake(headers, null, null);
    }
}
