package io.watchbox.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Reads the RSA private key that signs tokens: the one key of a PKCS12 key store (what the build
 * makes with keytool), or an unencrypted PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}, what
 * {@code openssl genpkey} writes).
 */
final class PrivateKeyFile {

    private PrivateKeyFile() {
    }

    /** @param password the key store's password; not used for a PEM file */
    static RSAPrivateKey read(Path file, char[] password) throws IOException, GeneralSecurityException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).strip();
        PrivateKey key = text.startsWith("-----BEGIN") ? fromPem(text, file) : fromKeyStore(file, password);
        if (!(key instanceof RSAPrivateKey rsa)) {
            throw new InvalidKeySpecException(file + " holds an " + key.getAlgorithm() + " key; RS256 needs an RSA key");
        }
        return rsa;
    }

    private static PrivateKey fromPem(String text, Path file) throws GeneralSecurityException {
        if (text.startsWith("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new InvalidKeySpecException(file + " is a PKCS#1 key; convert it to PKCS#8 with"
                    + " openssl pkcs8 -topk8 -nocrypt -in " + file);
        }
        if (!text.startsWith("-----BEGIN PRIVATE KEY-----")) {
            throw new InvalidKeySpecException(file + " holds no unencrypted PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeySpecException(file + " is not valid base64", e);
        }
    }

    private static PrivateKey fromKeyStore(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(file.toFile(), password);
        List<String> keys = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keys.add(alias);
            }
        }
        // With several keys, picking one would sign with a key the user may not have meant.
        if (keys.size() != 1) {
            throw new KeyStoreException(file + " holds " + keys.size() + " private keys; it must hold exactly one");
        }
        return (PrivateKey) store.getKey(keys.get(0), password);
    }
}
