package io.watchbox.internal.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/** Signed test tokens with the test key pair in src/test/resources/jwt (test-only keys). */
public final class TestTokens {

    public static final String ISSUER = "watchbox-it";
    public static final String AUDIENCE = "watchbox";

    private TestTokens() {
    }

    /** A token for the user with the roles, valid until the given time, issued by {@link #ISSUER} for {@link #AUDIENCE}. */
    public static String token(String user, List<String> roles, Instant expires) {
        return token(b -> b.subject(user).claim("upn", user).claim("groups", roles).expirationTime(Date.from(expires)));
    }

    /** A token with the standard issuer and audience and whatever else the builder adds. */
    public static String token(Consumer<JWTClaimsSet.Builder> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                .issueTime(new Date());
        claims.accept(builder);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
        try {
            jwt.sign(new RSASSASigner(privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public static String publicKeyPem() {
        return resource("jwt/test-public-key.pem");
    }

    private static PrivateKey privateKey() {
        String base64 = resource("jwt/test-private-key.pem").replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }
}
