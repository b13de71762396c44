package io.watchbox.example;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The key the example's login signs with: a PKCS12 keystore, {@code example.login.keystore} (the
 * build's development key pair, target/dev-keys/jwt.p12, whose public half the bundled server
 * trusts). Without it the login answers 503 and says why; the rest of the example runs on.
 */
@ApplicationScoped
public class LoginKeys {

    private static final Logger LOG = Logger.getLogger(LoginKeys.class.getName());

    @Inject
    @ConfigProperty(name = "example.login.keystore")
    Optional<String> keystore;

    @Inject
    @ConfigProperty(name = "example.login.keystore.password", defaultValue = "watchbox-dev")
    String password;

    @Inject
    @ConfigProperty(name = "example.login.key.alias", defaultValue = "jwt")
    String alias;

    @Inject
    @ConfigProperty(name = "example.login.lifetime", defaultValue = "PT1H")
    Duration lifetime;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuerName;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audiences;

    private TokenIssuer issuer;
    private String problem;

    @PostConstruct
    void load() {
        if (keystore.isEmpty()) {
            problem = "example.login.keystore is not set (the build sets it once it has made the key: ./mvnw package)";
        } else if (!Files.isRegularFile(Path.of(keystore.get()))) {
            problem = "no keystore at example.login.keystore=" + keystore.get() + " (the build makes it: ./mvnw package)";
        } else {
            try {
                issuer = new TokenIssuer(privateKey(), issuerName.orElse(null), audienceList(), lifetime, Clock.systemUTC());
            } catch (IOException | GeneralSecurityException e) {
                problem = "cannot read the key '" + alias + "' from " + keystore.get() + ": " + e.getMessage();
            }
        }
        if (problem != null) {
            LOG.warning(() -> "the example's login is off: " + problem);
        }
    }

    Optional<TokenIssuer> issuer() {
        return Optional.ofNullable(issuer);
    }

    String problem() {
        return problem;
    }

    private PrivateKey privateKey() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(keystore.orElseThrow()))) {
            store.load(in, password.toCharArray());
        }
        if (!(store.getKey(alias, password.toCharArray()) instanceof PrivateKey key)) {
            throw new GeneralSecurityException("no private key under that alias");
        }
        return key;
    }

    private List<String> audienceList() {
        return audiences.map(a -> Arrays.stream(a.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }
}
