package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.Trust;
import io.watchbox.client.WatchboxClient;
import io.watchbox.client.WatchboxConnectException;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * wss:// and HTTPS on the Liberty test server, which serves the bundled server.xml's TLS with the
 * keystore the build made (target/dev-keys/tls.p12); clients trust its certificate, tls.pem.
 */
@Tag("liberty")
class TlsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String httpsUrl() {
        return System.getProperty("watchbox.it.https.url");
    }

    private static URI wss() {
        return URI.create(httpsUrl().replaceFirst("^https", "wss") + "/watchbox");
    }

    private static Path certificate() {
        return Path.of(System.getProperty("watchbox.it.cacert"));
    }

    @Test
    void aClientThatTrustsTheCertificatePublishesAndReceivesOverWss() throws Exception {
        String group = Names.group("tls");
        Recorder recorder = new Recorder();
        try (WatchboxClient client = WatchboxClient.builder(wss()).sslContext(Trust.certificates(certificate())).build()) {
            join(client.connect());
            join(client.subscribe(group, recorder));

            assertEquals(1, join(client.publish("over tls", group)));
            await().atMost(WAIT).until(() -> recorder.messages.size() == 1);
            assertEquals("over tls", recorder.messages.get(0).text());
            assertEquals(1, Server.publish(group, "from plain http"), "one broker behind both ports");
            await().atMost(WAIT).until(() -> recorder.messages.size() == 2);
        }
    }

    @Test
    void theJdkTrustRefusesTheDevelopmentCertificate() {
        try (WatchboxClient client = WatchboxClient.builder(wss()).autoReconnect(false).build()) {
            CompletionException failed = assertThrows(CompletionException.class, () -> join(client.connect()));

            assertInstanceOf(WatchboxConnectException.class, failed.getCause());
            assertTrue(Stream.iterate((Throwable) failed, e -> e != null, Throwable::getCause)
                    .anyMatch(SSLHandshakeException.class::isInstance), failed::toString);
        }
    }

    @Test
    void restAnswersOverHttpsToAClientThatTrustsTheCertificate() throws Exception {
        SSLContext trusted = Trust.certificates(certificate());
        HttpClient https = HttpClient.newBuilder().sslContext(trusted).connectTimeout(WAIT).build();

        HttpResponse<String> stats = https.send(HttpRequest.newBuilder(URI.create(httpsUrl() + "/watchbox/api/stats"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, stats.statusCode(), stats::body);
        assertTrue(Server.json(stats.body()).asJsonObject().containsKey("sessions"), stats::body);
        assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(httpsUrl() + "/watchbox/api/stats")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.discarding()));
    }

    @Test
    void theCommandLinePublishesOverWssWithCacert() throws Exception {
        String group = Names.group("tls-cli");
        try (RawClient subscriber = RawClient.hello(Names.uid("tls-cli"))) {
            subscriber.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
            subscriber.expect("ok");

            Process pub = CommandLineIT.cli("pub", "--url", wss().toString(), "--cacert", certificate().toString(),
                    group, "from the cli over tls");
            assertTrue(pub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(0, pub.exitValue(), new String(pub.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));

            JsonObject message = subscriber.expect("msg");
            assertEquals("from the cli over tls", message.getString("msg"));
        }
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }
}
