package io.watchbox.internal.access;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An RSA key pair and its self-signed certificate (PEM) made by the JDK's keytool, the way the build
 * makes the development keys.
 */
record KeytoolKeyPair(PrivateKey privateKey, String certificatePem) {

    private static final String PASSWORD = "test-only";

    static KeytoolKeyPair generate(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path keyStore = dir.resolve("key.p12");
        Path certificate = dir.resolve("key.pem");
        keytool("-genkeypair", "-alias", "key", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1",
                "-dname", "CN=watchbox-test", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "key", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return new KeytoolKeyPair((PrivateKey) store.getKey("key", PASSWORD.toCharArray()), Files.readString(certificate));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                new File(System.getProperty("java.home"), "bin/keytool").getPath()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
