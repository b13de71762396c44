package io.watchbox.client.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code watchbox-cli token} signs: a token for {@code user} with {@code roles}, valid for
 * {@code lifetime}, issued by {@code issuer} for {@code audience}, signed with the key in {@code key}.
 *
 * @param keyPassword the password of a PKCS12 key store (not used for a PEM key)
 */
public record TokenRequest(String user, List<String> roles, Duration lifetime, Path key, String keyPassword,
                           String issuer, String audience) {

    /** Where the build leaves the development key pair, from the repository root. */
    public static final Path DEV_KEY = Path.of("liberty", "target", "dev-keys", "jwt.p12");
    /** The password the build gives the development key stores. */
    public static final String DEV_KEY_PASSWORD = "watchbox-dev";
    /** The issuer and audience the bundled server accepts with the development key. */
    public static final String DEV_ISSUER = "watchbox-dev";
    public static final String DEV_AUDIENCE = "watchbox";
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    public TokenRequest {
        roles = List.copyOf(roles);
    }
}
