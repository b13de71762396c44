package io.watchbox.internal.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.watchbox.InvalidSettingException;
import io.watchbox.WatchboxAuthenticationException;
import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticatorTest {

    private static final Handshake HANDSHAKE = new Handshake(Map.of(), null, "127.0.0.1");
    private static final Instant IN_AN_HOUR = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private final JwtAuthenticator verifier = new JwtAuthenticator(TestTokens.publicKeyPem(), "RS256",
            TestTokens.ISSUER, List.of(TestTokens.AUDIENCE));

    @Test
    void aValidTokenGivesTheUserTheRolesAndTheExpiry() throws Exception {
        WatchboxIdentity identity = verifier.authenticate(TestTokens.token("alice", List.of("staff", "ops"), IN_AN_HOUR), HANDSHAKE);

        assertEquals(new WatchboxIdentity("alice", Set.of("staff", "ops"), IN_AN_HOUR), identity);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = TestTokens.token("alice", List.of(), Instant.now().minus(10, ChronoUnit.MINUTES));

        assertRefused(expired, "expired");
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        assertRefused(TestTokens.token(b -> b.issuer("someone-else").subject("alice").expirationTime(Date.from(IN_AN_HOUR))), "iss");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertRefused(TestTokens.token(b -> b.audience("another-app").subject("alice").expirationTime(Date.from(IN_AN_HOUR))), "aud");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        assertRefused(TestTokens.token(b -> b.subject("alice")), "exp");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws JOSEException {
        RSAKey other = new RSAKeyGenerator(2048).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).subject("alice").expirationTime(Date.from(IN_AN_HOUR))
                .build());
        forged.sign(new RSASSASigner(other));

        assertRefused(forged.serialize(), "signature");
    }

    @Test
    void anX509CertificateAsTheKeyVerifiesTokensSignedWithItsKeyOnly(@TempDir Path dir) throws Exception {
        KeytoolKeyPair pair = KeytoolKeyPair.generate(dir);
        JwtAuthenticator byCertificate = new JwtAuthenticator(pair.certificatePem(), "RS256",
                TestTokens.ISSUER, List.of(TestTokens.AUDIENCE));
        SignedJWT signed = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).subject("alice").expirationTime(Date.from(IN_AN_HOUR))
                .build());
        signed.sign(new RSASSASigner(pair.privateKey()));

        assertEquals("alice", byCertificate.authenticate(signed.serialize(), HANDSHAKE).user());
        assertThrows(WatchboxAuthenticationException.class,
                () -> byCertificate.authenticate(TestTokens.token("alice", List.of(), IN_AN_HOUR), HANDSHAKE),
                "a token signed with another key");
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String unsigned = new com.nimbusds.jwt.PlainJWT(new JWTClaimsSet.Builder().issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE).subject("alice").expirationTime(Date.from(IN_AN_HOUR)).build()).serialize();

        assertThrows(WatchboxAuthenticationException.class, () -> verifier.authenticate(unsigned, HANDSHAKE));
    }

    @Test
    void somethingThatIsNotAJwtIsRefused() {
        assertRefused("not a token", "not a JWT");
    }

    @Test
    void theUserIsUpnElsePreferredUsernameElseSub() throws Exception {
        assertEquals("bob", verifier.authenticate(TestTokens.token(b -> b.subject("id-1").claim("preferred_username", "bob")
                .expirationTime(Date.from(IN_AN_HOUR))), HANDSHAKE).user());
        assertEquals("id-2", verifier.authenticate(TestTokens.token(b -> b.subject("id-2")
                .expirationTime(Date.from(IN_AN_HOUR))), HANDSHAKE).user());
    }

    @Test
    void aKeyThatCannotBeReadStopsTheDeploymentNamingTheKey() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> new JwtAuthenticator("-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----", "RS256", null, List.of()));

        assertTrue(e.getMessage().contains("mp.jwt.verify.publickey="), e::getMessage);
    }

    private void assertRefused(String token, String why) {
        WatchboxAuthenticationException e = assertThrows(WatchboxAuthenticationException.class,
                () -> verifier.authenticate(token, HANDSHAKE));
        assertTrue(e.getMessage().toLowerCase().contains(why.toLowerCase()), e::getMessage);
    }
}
