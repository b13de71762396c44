package io.watchbox.example;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs the MicroProfile JWTs the example's login hands out: {@code upn} the user, {@code groups}
 * the roles, with the issuer and audience that Watchbox verifies ({@code mp.jwt.verify.*}).
 */
public final class TokenIssuer {

    /** A signed token and when it stops being valid. */
    public record Issued(String token, String user, List<String> roles, Instant expires) {
    }

    private final PrivateKey key;
    private final String issuer;
    private final List<String> audiences;
    private final Duration lifetime;
    private final Clock clock;

    public TokenIssuer(PrivateKey key, String issuer, List<String> audiences, Duration lifetime, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audiences = List.copyOf(audiences);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Issued issue(DemoUsers.User user) {
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        List<String> roles = user.roles().stream().sorted().toList();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .subject(user.name())
                .claim("upn", user.name())
                .claim("groups", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires));
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (!audiences.isEmpty()) {
            claims.audience(audiences);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return new Issued(jwt.serialize(), user.name(), roles, expires);
    }
}
