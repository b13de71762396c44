package io.watchbox.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust's contexts against an HTTPS server with a keytool-made self-signed certificate, as the bundled server's. */
class TrustTest {

    private static final String PASSWORD = "test-only";

    @TempDir
    static Path dir;
    private static Path certificate;
    private static HttpsServer server;

    @BeforeAll
    static void startServerWithASelfSignedCertificate() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        certificate = dir.resolve("server.pem");
        Keytool.run("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        Keytool.run("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());

        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray()), PASSWORD.toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void thePemCertificateIsTrusted() throws Exception {
        assertEquals(204, get(Trust.certificates(certificate)));
    }

    @Test
    void aTrustStoreWithTheCertificateIsTrusted() throws Exception {
        Path pkcs12 = trustStore("trust.p12", "PKCS12");
        Path jks = trustStore("trust.jks", "JKS");

        assertEquals(204, get(Trust.keyStore(pkcs12, PASSWORD.toCharArray())));
        assertEquals(204, get(Trust.keyStore(jks, null)), "JKS certificates are readable without the password");
    }

    @Test
    void aTrustStoreWhoseCertificatesCannotBeReadIsRefused() throws Exception {
        Path pkcs12 = trustStore("encrypted.p12", "PKCS12");

        KeyStoreException refused = assertThrows(KeyStoreException.class, () -> Trust.keyStore(pkcs12, null));
        assertTrue(refused.getMessage().contains("without a password"), refused::getMessage);
    }

    private static Path trustStore(String name, String type) throws Exception {
        Path store = dir.resolve(name);
        Keytool.run("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(),
                "-storetype", type, "-keystore", store.toString(), "-storepass", PASSWORD);
        return store;
    }

    @Test
    void theJdkDefaultDoesNotTrustASelfSignedCertificate() {
        assertThrows(SSLHandshakeException.class, () -> get(SSLContext.getDefault()));
    }

    @Test
    void onlyTheGivenCertificatesAreTrusted() throws Exception {
        Path other = dir.resolve("other.p12");
        Path otherPem = dir.resolve("other.pem");
        Keytool.run("-genkeypair", "-alias", "other", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", other.toString(), "-storepass", PASSWORD);
        Keytool.run("-exportcert", "-rfc", "-alias", "other", "-keystore", other.toString(), "-storepass", PASSWORD,
                "-file", otherPem.toString());

        SSLContext trustsAnother = Trust.certificates(otherPem);

        assertThrows(SSLHandshakeException.class, () -> get(trustsAnother));
    }

    @Test
    void aFileWithoutACertificateIsRefused() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        assertThrows(CertificateException.class, () -> Trust.certificates(empty));
    }

    @Test
    void theClientOpensWssWithItsSslContext() throws Exception {
        // The handshake passes with the certificate trusted; then this server, no WebSocket server, refuses the upgrade.
        assertFalse(causes(connectFailure(Trust.certificates(certificate))).anyMatch(SSLHandshakeException.class::isInstance));
        assertTrue(causes(connectFailure(SSLContext.getDefault())).anyMatch(SSLHandshakeException.class::isInstance));
    }

    private static Throwable connectFailure(SSLContext context) {
        URI uri = URI.create("wss://127.0.0.1:" + server.getAddress().getPort() + "/watchbox");
        try (WatchboxClient client = WatchboxClient.builder(uri).sslContext(context).autoReconnect(false).build()) {
            CompletionException failed = assertThrows(CompletionException.class,
                    () -> client.connect().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join());
            assertTrue(failed.getCause() instanceof WatchboxConnectException, failed::toString);
            return failed.getCause();
        }
    }

    private static Stream<Throwable> causes(Throwable error) {
        return Stream.iterate(error, e -> e != null, Throwable::getCause);
    }

    private static int get(SSLContext context) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
