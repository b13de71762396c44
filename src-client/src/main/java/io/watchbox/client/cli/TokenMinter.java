package io.watchbox.client.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

/**
 * Signs development tokens: RS256 JWTs with the MicroProfile JWT claims the server reads
 * ({@code upn} and {@code sub} for the user, {@code groups} for the roles, {@code iss}, {@code aud},
 * {@code iat}, {@code exp}, and a {@code jti}).
 */
final class TokenMinter {

    private final Clock clock;

    TokenMinter(Clock clock) {
        this.clock = clock;
    }

    String mint(TokenRequest request, RSAPrivateKey key) throws JOSEException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(request.issuer())
                .audience(request.audience())
                .subject(request.user())
                .claim("upn", request.user())
                .claim("groups", request.roles())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(request.lifetime())))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
