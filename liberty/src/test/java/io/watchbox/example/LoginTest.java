package io.watchbox.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.watchbox.WatchboxAuthenticationException;
import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.access.JwtAuthenticator;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The example's login: its users, and tokens that Watchbox's own verifier accepts. */
class LoginTest {

    private static final Handshake ANY = new Handshake(Map.of(), null, "127.0.0.1");
    private final DemoUsers users = new DemoUsers("alice:alice:watchbox-publisher; ada:s3cret:watchbox-admin,staff; bob:bob:");

    @Test
    void aUserWithTheRightPasswordHasTheConfiguredRoles() {
        assertEquals(Optional.of(new DemoUsers.User("ada", Set.of("watchbox-admin", "staff"))), users.check("ada", "s3cret"));
        assertEquals(Optional.of(new DemoUsers.User("bob", Set.of())), users.check("bob", "bob"));
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsNobody() {
        assertEquals(Optional.empty(), users.check("ada", "ada"));
        assertEquals(Optional.empty(), users.check("mallory", "x"));
        assertEquals(Optional.empty(), users.check(null, null));
    }

    @Test
    void anIssuedTokenIsAcceptedByWatchboxWithTheUserAndRoles() throws Exception {
        KeyPair keys = rsa();
        Instant now = Instant.now();
        TokenIssuer issuer = new TokenIssuer(keys.getPrivate(), "watchbox-dev", List.of("watchbox"), Duration.ofHours(1),
                Clock.fixed(now, ZoneOffset.UTC));

        TokenIssuer.Issued issued = issuer.issue(users.check("ada", "s3cret").orElseThrow());
        WatchboxIdentity identity = verifier(keys, "watchbox-dev").authenticate(issued.token(), ANY);

        assertEquals("ada", identity.user());
        assertEquals(Set.of("watchbox-admin", "staff"), identity.roles());
        assertEquals(now.plus(Duration.ofHours(1)).getEpochSecond(), identity.expires().getEpochSecond());
    }

    @Test
    void aTokenOfAnotherKeyOrIssuerIsRefused() throws Exception {
        TokenIssuer issuer = new TokenIssuer(rsa().getPrivate(), "watchbox-dev", List.of("watchbox"), Duration.ofHours(1),
                Clock.systemUTC());
        String token = issuer.issue(users.check("alice", "alice").orElseThrow()).token();

        assertThrows(WatchboxAuthenticationException.class, () -> verifier(rsa(), "watchbox-dev").authenticate(token, ANY));
        KeyPair keys = rsa();
        String otherIssuer = new TokenIssuer(keys.getPrivate(), "elsewhere", List.of("watchbox"), Duration.ofHours(1),
                Clock.systemUTC()).issue(users.check("alice", "alice").orElseThrow()).token();
        assertThrows(WatchboxAuthenticationException.class, () -> verifier(keys, "watchbox-dev").authenticate(otherIssuer, ANY));
    }

    private static JwtAuthenticator verifier(KeyPair keys, String issuer) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        return new JwtAuthenticator(pem, "RS256", issuer, List.of("watchbox"));
    }

    private static KeyPair rsa() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
