package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.internal.access.TestTokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tokens in hello, verified as MicroProfile JWTs with the keys the test servers are configured
 * with (mp.jwt.verify.publickey.location, issuer watchbox-it, audience watchbox).
 */
class IdentityIT {

    static String token(String user) {
        return TestTokens.token(user, List.of("staff"), Instant.now().plusSeconds(3600));
    }

    @Test
    void aValidTokenNamesTheUserInTheWelcomeAndInTheEvent() {
        String uid = Names.uid("jwt");
        try (RawClient client = RawClient.connect()) {
            client.send("{\"type\":\"hello\",\"uid\":\"" + uid + "\",\"token\":\"" + token("alice") + "\"}");
            assertEquals("alice", client.expect("welcome").getString("user"));
            client.send("{\"type\":\"pub\",\"group\":\"" + Names.group("jwt") + "\",\"msg\":\"signed\"}");
            client.expect("ok");
            await().atMost(Duration.ofSeconds(30)).until(() -> Server.events(uid).size() == 2);
            assertEquals("alice", Server.events(uid).getJsonObject(0).getString("user"));
        }
    }

    @Test
    void anExpiredTokenIsForbiddenWith4403() {
        String expired = TestTokens.token("alice", List.of(), Instant.now().minusSeconds(600));
        assertRefused(expired);
    }

    @Test
    void aTokenOfAnotherIssuerIsForbidden() {
        assertRefused(TestTokens.token(b -> b.issuer("elsewhere").subject("alice")
                .expirationTime(java.util.Date.from(Instant.now().plusSeconds(600)))));
    }

    @Test
    void aConnectionIsClosedWith4403WhenItsTokenExpires() {
        String shortLived = TestTokens.token("alice", List.of(), Instant.now().plusSeconds(3));
        try (RawClient client = RawClient.connect()) {
            client.send("{\"type\":\"hello\",\"token\":\"" + shortLived + "\"}");
            client.expect("welcome");
            client.send("{\"type\":\"ping\"}");
            client.expect("pong");
            JsonObject expired = client.next();
            assertEquals("forbidden", expired.getString("code"), expired::toString);
            assertEquals(4403, client.closeCode());
        }
    }

    @Test
    void aBearerHeaderOnTheHandshakeIdentifiesAClientWhoseHelloHasNoToken() {
        // Through a non-loopback address, where an anonymous client would be refused.
        URI remote = Server.webSocket(Server.throughNonLoopbackAddress());
        try (RawClient client = RawClient.connectTo(remote, Map.of("Authorization", "Bearer " + token("bea")))) {
            client.send("{\"type\":\"hello\"}");
            assertEquals("bea", client.expect("welcome").getString("user"));
        }
    }

    @Test
    void aRefusedBearerHeaderIsForbiddenAtHello() {
        String expired = TestTokens.token("bea", List.of(), Instant.now().minusSeconds(600));
        try (RawClient client = RawClient.connectWithHeader("Authorization", "Bearer " + expired)) {
            client.send("{\"type\":\"hello\"}");
            assertEquals("forbidden", client.expect("error").getString("code"));
            assertEquals(4403, client.closeCode());
        }
    }

    private static void assertRefused(String token) {
        try (RawClient client = RawClient.connect()) {
            client.send("{\"type\":\"hello\",\"id\":\"h\",\"token\":\"" + token + "\"}");
            JsonObject error = client.expect("error");
            assertEquals("forbidden", error.getString("code"));
            assertEquals("h", error.getString("id"));
            assertEquals(4403, client.closeCode());
        }
    }
}
