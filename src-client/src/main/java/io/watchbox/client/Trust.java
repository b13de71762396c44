package io.watchbox.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts for {@code wss://} servers whose certificate the JDK does not trust, such as the
 * bundled server's development certificate:
 *
 * <pre>{@code
 * WatchboxClient.builder(URI.create("wss://127.0.0.1:9443/watchbox"))
 *         .sslContext(Trust.certificates(Path.of("liberty/target/dev-keys/tls.pem")))
 *         .build();
 * }</pre>
 *
 * <p>The context trusts the given certificates only, not the JDK's as well, and checks the host
 * name as usual.
 */
public final class Trust {

    private Trust() {
    }

    /**
     * Trusts the certificates of a PEM file (one or more, e.g. a CA or a self-signed server
     * certificate).
     *
     * @throws IOException              when the file cannot be read
     * @throws GeneralSecurityException when it holds no certificate or a broken one
     */
    public static SSLContext certificates(Path pemFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no certificate in " + pemFile);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("certificate-" + n++, certificate);
        }
        return trusting(store);
    }

    /**
     * Trusts the certificates of a trust store (PKCS12 or JKS).
     *
     * @param password the store's password, or null to read it without one (a JKS store's
     *                 certificates can be read so; a PKCS12 store made by keytool needs it)
     * @throws IOException              when the file cannot be read, or the password is wrong
     * @throws GeneralSecurityException when it is not a key store, or no certificate could be read
     */
    public static SSLContext keyStore(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(file.toFile(), password);
        boolean anyCertificate = false;
        for (String alias : Collections.list(store.aliases())) {
            anyCertificate |= store.getCertificate(alias) != null;
        }
        if (!anyCertificate) {
            throw new KeyStoreException("no certificate could be read from " + file
                    + (password == null ? " without a password" : ""));
        }
        return trusting(store);
    }

    private static SSLContext trusting(KeyStore trusted) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
