package io.watchbox.client.cli;

import io.watchbox.client.Trust;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What the command line trusts for {@code wss://}: the JDK's CA certificates (no option), the
 * certificates of a PEM file ({@code --cacert}) or those of a trust store ({@code --truststore},
 * with {@code --truststore-password} if it has one).
 */
public record TrustOptions(Path cacert, Path truststore, String truststorePassword) {

    public static final TrustOptions JDK = new TrustOptions(null, null, null);

    /** The TLS context to use, or empty for the JDK's. */
    public Optional<SSLContext> sslContext() throws IOException, GeneralSecurityException {
        if (cacert != null) {
            return Optional.of(Trust.certificates(cacert));
        }
        if (truststore != null) {
            return Optional.of(Trust.keyStore(truststore,
                    truststorePassword == null ? null : truststorePassword.toCharArray()));
        }
        return Optional.empty();
    }

    /** The option that names the file, for messages. */
    public String source() {
        return cacert != null ? "--cacert " + cacert : truststore != null ? "--truststore " + truststore : "the JDK's trust store";
    }
}
