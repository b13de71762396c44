package io.watchbox.internal.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA and a server certificate it signed for 127.0.0.1 and localhost, as the PEM files
 * redis-server reads, made with the JDK's keytool (CI has nothing but a JDK): keytool writes the
 * certificates as PEM, and the server's private key is taken from its PKCS12 store and written as a
 * PKCS#8 PEM here.
 */
final class TestCertificates {

    static final String STORE_PASSWORD = "store-pass";
    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    final Path caPem;
    final Path serverCertPem;
    final Path serverKeyPem;

    private TestCertificates(Path dir) {
        this.caPem = dir.resolve("ca.pem");
        this.serverCertPem = dir.resolve("server.pem");
        this.serverKeyPem = dir.resolve("server-key.pem");
    }

    /** Makes the files in the given directory. */
    static TestCertificates make(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        TestCertificates certificates = new TestCertificates(dir);
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path request = dir.resolve("server.csr");
        keytool("-genkeypair", "-keystore", ca, "-alias", "ca", "-dname", "CN=Watchbox test CA", "-ext", "bc:c",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2");
        keytool("-exportcert", "-keystore", ca, "-alias", "ca", "-rfc", "-file", certificates.caPem);
        keytool("-genkeypair", "-keystore", server, "-alias", "server", "-dname", "CN=127.0.0.1",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2");
        keytool("-certreq", "-keystore", server, "-alias", "server", "-file", request);
        keytool("-gencert", "-keystore", ca, "-alias", "ca", "-infile", request, "-outfile", certificates.serverCertPem,
                "-rfc", "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth");
        KeyStore store = KeyStore.getInstance(server.toFile(), STORE_PASSWORD.toCharArray());
        byte[] key = store.getKey("server", STORE_PASSWORD.toCharArray()).getEncoded();
        Files.writeString(certificates.serverKeyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key)
                + "\n-----END PRIVATE KEY-----\n");
        return certificates;
    }

    /** The CA certificate in a PKCS12 trust store with the given password, as a Java user would have it. */
    Path caTrustStore(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        List<Certificate> certificates = new ArrayList<>();
        try (var in = Files.newInputStream(caPem)) {
            certificates.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        store.setCertificateEntry("ca", certificates.get(0));
        try (var out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static void keytool(Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(KEYTOOL.toString(), "-noprompt", "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
