package io.watchbox.internal.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.watchbox.InvalidSettingException;
import io.watchbox.WatchboxAuthenticationException;
import io.watchbox.WatchboxAuthenticator;
import io.watchbox.WatchboxIdentity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a {@code hello} token as a MicroProfile JWT with the keys the server is configured
 * with: {@code mp.jwt.verify.publickey} (a PEM public key, a JWK or a JWK set) or the file named by
 * {@code mp.jwt.verify.publickey.location}, {@code mp.jwt.verify.publickey.algorithm} (default
 * RS256), {@code mp.jwt.verify.issuer} and {@code mp.jwt.verify.audiences}. The user is the
 * {@code upn} claim, else {@code preferred_username}, else {@code sub}; the roles are {@code groups}.
 * A token must carry {@code exp}.
 */
public final class JwtAuthenticator implements WatchboxAuthenticator {

    public static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    public static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    public static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";
    public static final String ISSUER = "mp.jwt.verify.issuer";
    public static final String AUDIENCES = "mp.jwt.verify.audiences";

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param keyText   a PEM public key or X.509 certificate, a JWK or a JWK set
     * @param algorithm RS256, ES256 and so on
     * @param issuer    the required {@code iss}, or null
     * @param audiences accepted {@code aud} values (one must match), or empty for any
     * @throws InvalidSettingException naming {@code mp.jwt.verify.publickey} when the key cannot be read
     */
    public JwtAuthenticator(String keyText, String algorithm, String issuer, List<String> audiences) {
        JWKSet keys = keys(keyText);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(algorithm),
                new ImmutableJWKSet<>(keys)));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (issuer != null) {
            exact.issuer(issuer);
        }
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audiences.isEmpty() ? null : new HashSet<>(audiences), exact.build(), Set.of("exp"), null));
    }

    @Override
    public WatchboxIdentity authenticate(String token, Handshake handshake) throws WatchboxAuthenticationException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new WatchboxAuthenticationException("the token is not a JWT");
        } catch (BadJOSEException e) {
            throw new WatchboxAuthenticationException("the token is not accepted: " + e.getMessage());
        } catch (JOSEException e) {
            throw new WatchboxAuthenticationException("the token could not be verified", e);
        }
        String user = firstOf(claims, "upn", "preferred_username", "sub");
        if (user == null) {
            throw new WatchboxAuthenticationException("the token names no user (upn, preferred_username or sub)");
        }
        List<String> groups;
        try {
            groups = claims.getStringListClaim("groups");
        } catch (ParseException e) {
            throw new WatchboxAuthenticationException("the token's groups claim is not a list of names");
        }
        return new WatchboxIdentity(user, groups == null ? Set.of() : Set.copyOf(groups),
                claims.getExpirationTime().toInstant());
    }

    private static String firstOf(JWTClaimsSet claims, String... names) {
        for (String name : names) {
            Object value = claims.getClaim(name);
            if (value instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    private static JWKSet keys(String text) {
        String trimmed = text.strip();
        try {
            if (trimmed.startsWith("{")) {
                return trimmed.contains("\"keys\"") ? JWKSet.parse(trimmed) : new JWKSet(JWK.parse(trimmed));
            }
            if (trimmed.startsWith("-----BEGIN CERTIFICATE-----")) {
                // What keytool exports (it cannot export a bare public key). Only the key is used: the
                // certificate's dates and issuer are not checked.
                Certificate certificate = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(trimmed.getBytes(StandardCharsets.US_ASCII)));
                return new JWKSet(jwk(new X509EncodedKeySpec(certificate.getPublicKey().getEncoded())));
            }
            String base64 = trimmed.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
            return new JWKSet(jwk(spec));
        } catch (ParseException | GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidSettingException(PUBLIC_KEY, abbreviated(trimmed),
                    "a PEM public key or certificate (RSA or EC), a JWK or a JWK set: " + e.getMessage());
        }
    }

    private static JWK jwk(X509EncodedKeySpec spec) throws GeneralSecurityException {
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(spec);
            return new RSAKey.Builder((RSAPublicKey) key).build();
        } catch (GeneralSecurityException notRsa) {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(spec);
            ECPublicKey ec = (ECPublicKey) key;
            return new ECKey.Builder(com.nimbusds.jose.jwk.Curve.forECParameterSpec(ec.getParams()), ec).build();
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
