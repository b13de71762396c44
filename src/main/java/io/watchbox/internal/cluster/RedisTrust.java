package io.watchbox.internal.cluster;

import io.watchbox.InvalidSettingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import javax.net.ssl.TrustManagerFactory;

/**
 * Whom a {@code rediss://} connection trusts when {@code watchbox.cluster.truststore} is set: the
 * certificates of that file only, for this application only (the JVM's trust store, which every
 * application on the server shares, is left alone). Read once, at start-up, so that a bad file fails
 * the deployment naming its key. Free of Lettuce types.
 */
public final class RedisTrust {

    private static final String RANGE = "a readable file of CA certificates: PEM (-----BEGIN CERTIFICATE-----), "
            + "or a PKCS12 or JKS trust store with " + ClusterSettings.TRUSTSTORE_PASSWORD;

    private RedisTrust() {
    }

    /**
     * The trust of the given file.
     *
     * @param location a PEM file of certificates, or a PKCS12 or JKS key store
     * @param password the key store's password, or null (not used for PEM)
     * @throws InvalidSettingException naming {@code watchbox.cluster.truststore} (or its password,
     *                                 which is not repeated) when the file cannot be used
     */
    public static TrustManagerFactory load(String location, String password) {
        KeyStore trusted = read(location, password);
        try {
            if (Collections.list(trusted.aliases()).stream().noneMatch(alias -> isCertificate(trusted, alias))) {
                throw new InvalidSettingException(ClusterSettings.TRUSTSTORE, location, RANGE + " (it holds no trusted certificate"
                        + (password == null ? "; a PKCS12 store's certificates are read with its password)" : ")"));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new InvalidSettingException(ClusterSettings.TRUSTSTORE, location, RANGE + " (" + e.getMessage() + ")");
        }
    }

    private static KeyStore read(String location, String password) {
        byte[] bytes;
        Path file;
        try {
            file = Path.of(location);
            bytes = Files.readAllBytes(file);
        } catch (IOException | InvalidPathException e) {
            throw new InvalidSettingException(ClusterSettings.TRUSTSTORE, location, RANGE + " (cannot read it: " + e + ")");
        }
        try {
            if (new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN ")) {
                return fromPem(bytes);
            }
            return KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new InvalidSettingException(ClusterSettings.TRUSTSTORE_PASSWORD, "***", "the password of " + location);
            }
            throw new InvalidSettingException(ClusterSettings.TRUSTSTORE, location, RANGE + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidSettingException(ClusterSettings.TRUSTSTORE, location, RANGE + " (" + e.getMessage() + ")");
        }
    }

    private static KeyStore fromPem(byte[] pem) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }

    private static boolean isCertificate(KeyStore store, String alias) {
        try {
            return store.isCertificateEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
