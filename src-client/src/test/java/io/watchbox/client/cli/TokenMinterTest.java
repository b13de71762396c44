package io.watchbox.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.watchbox.client.Keytool;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenMinterTest {

    private static final String PASSWORD = "test-only";
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    @TempDir
    static Path dir;
    private static Path keyStore;
    private static RSAPublicKey publicKey;

    private final TokenMinter minter = new TokenMinter(Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeAll
    static void keyPairAsTheBuildMakesIt() throws Exception {
        keyStore = dir.resolve("jwt.p12");
        Keytool.run("-genkeypair", "-alias", "jwt", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1",
                "-dname", "CN=watchbox-test", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        publicKey = (RSAPublicKey) KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray())
                .getCertificate("jwt").getPublicKey();
    }

    private static TokenRequest request(String user, List<String> roles, Duration lifetime) {
        return new TokenRequest(user, roles, lifetime, keyStore, PASSWORD, "watchbox-dev", "watchbox");
    }

    private static RSAPrivateKey privateKey() throws Exception {
        return PrivateKeyFile.read(keyStore, PASSWORD.toCharArray());
    }

    @Test
    void theTokenCarriesTheClaimsTheServerReads() throws Exception {
        SignedJWT jwt = SignedJWT.parse(minter.mint(request("alice", List.of("staff", "ops"), Duration.ofMinutes(30)), privateKey()));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertEquals("alice", claims.getStringClaim("upn"));
        assertEquals("alice", claims.getSubject());
        assertEquals(List.of("staff", "ops"), claims.getStringListClaim("groups"));
        assertEquals("watchbox-dev", claims.getIssuer());
        assertEquals(List.of("watchbox"), claims.getAudience());
        assertEquals(Date.from(NOW), claims.getIssueTime());
        assertEquals(Date.from(NOW.plus(Duration.ofMinutes(30))), claims.getExpirationTime());
        assertNotNull(claims.getJWTID());
    }

    @Test
    void theTokenVerifiesWithTheMatchingPublicKeyAndNotWithAnother() throws Exception {
        SignedJWT jwt = SignedJWT.parse(minter.mint(request("alice", List.of(), Duration.ofHours(1)), privateKey()));
        RSAPublicKey another = new RSAKeyGenerator(2048).generate().toRSAPublicKey();

        assertTrue(jwt.verify(new RSASSAVerifier(publicKey)));
        assertFalse(jwt.verify(new RSASSAVerifier(another)));
    }

    @Test
    void withoutRolesTheGroupsClaimIsEmpty() throws Exception {
        SignedJWT jwt = SignedJWT.parse(minter.mint(request("bob", List.of(), Duration.ofHours(1)), privateKey()));

        assertEquals(List.of(), jwt.getJWTClaimsSet().getStringListClaim("groups"));
    }
}
