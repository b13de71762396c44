package io.watchbox.internal.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.LogRecorder;
import io.watchbox.internal.core.relay.ClusterState;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.protocol.Payload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay against a real Redis that asks for a password, and one that speaks TLS with a
 * certificate of a throwaway CA: the URI forms and the trust store that docs/cluster.md shows.
 */
class SecuredRedisRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "s3cret-Pa55";

    @TempDir
    static Path keys;
    private static TestCertificates certificates;

    private RedisServer redis;
    private ExecutorService threads;
    private final List<RedisRelay> relays = new ArrayList<>();
    /** Everything logged during the test, whichever logger it went to. */
    @RegisterExtension
    final LogRecorder log = LogRecorder.on(Logger.getLogger(""));

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.make(keys);
    }

    @BeforeEach
    void record() {
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopAll() throws Exception {
        relays.forEach(RedisRelay::close);
        threads.shutdownNow();
        if (redis != null) {
            redis.close();
        }
    }

    private RedisRelay relay(ClusterSettings settings, ConcurrentLinkedQueue<String> delivered) {
        RedisRelay relay = RedisRelay.start(settings, (group, msg, from, id, qos, properties) -> delivered.add(msg.text()), threads);
        relays.add(relay);
        return relay;
    }

    private void assertRelays(ClusterSettings a, ClusterSettings b) {
        ConcurrentLinkedQueue<String> atB = new ConcurrentLinkedQueue<>();
        RedisRelay publisher = relay(a, new ConcurrentLinkedQueue<>());
        RedisRelay receiver = relay(b, atB);
        await().atMost(WAIT).until(() -> publisher.state() == ClusterState.CONNECTED
                && receiver.state() == ClusterState.CONNECTED);
        receiver.listen("g").orTimeout(5, TimeUnit.SECONDS).join();
        publisher.relay("g", Payload.ofText("across"), null);
        await().atMost(WAIT).until(() -> atB.size() == 1);
        assertEquals("across", atB.peek());
    }

    /** Waits for the relay's warning that Redis is out of reach, then checks that it stays so. */
    private String assertNeverConnects(RedisRelay relay) {
        await().atMost(WAIT).until(() -> warnings().findAny().isPresent());
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> relay.state() == ClusterState.DISCONNECTED);
        relay.relay("g", Payload.ofText("held"), null);
        assertEquals(1, relay.counts().outageHeld());
        return warnings().findFirst().orElseThrow();
    }

    private Stream<String> warnings() {
        return log.records().stream().filter(r -> r.getLoggerName().equals(LoggingLevel.ERROR))
                .map(LogRecord::getMessage).filter(m -> m.contains("cannot reach Redis"));
    }

    @Test
    void withTheRightPasswordMessagesCross() throws Exception {
        redis = RedisServer.options().password(PASSWORD).startOnFreePort();
        String uri = "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port();

        assertRelays(new ClusterSettings(uri, "watchbox"), new ClusterSettings(uri, "watchbox"));
    }

    @Test
    void withAWrongPasswordTheRelayNeverConnectsAndTheLogDoesNotShowThePassword() throws Exception {
        redis = RedisServer.options().password(PASSWORD).startOnFreePort();
        String wrong = "wr0ng-Pa55";
        RedisRelay relay = relay(new ClusterSettings("redis://:" + wrong + "@127.0.0.1:" + redis.port(), "watchbox"),
                new ConcurrentLinkedQueue<>());

        String warning = assertNeverConnects(relay);

        assertTrue(warning.contains("WRONGPASS"), warning);
        for (LogRecord record : log.records()) {
            String text = record.getMessage() + " " + record.getThrown();
            assertFalse(text.contains(wrong) || text.contains(PASSWORD), text);
        }
    }

    @Test
    void overTlsTheConfiguredCaIsTrustedAsPemOrAsPkcs12Store() throws Exception {
        redis = RedisServer.options().password(PASSWORD).tls(certificates).startOnFreePort();
        String uri = "rediss://:" + PASSWORD + "@127.0.0.1:" + redis.tlsPort();
        Path store = certificates.caTrustStore(keys.resolve("trust.p12"), "trust-pass");

        assertRelays(new ClusterSettings(uri, "watchbox", certificates.caPem.toString(), null),
                new ClusterSettings(uri, "watchbox", store.toString(), "trust-pass"));
    }

    @Test
    void overTlsARedisWhoseCertificateIsNotTrustedIsNeverConnected() throws Exception {
        redis = RedisServer.options().tls(certificates).startOnFreePort();
        RedisRelay relay = relay(new ClusterSettings("rediss://127.0.0.1:" + redis.tlsPort(), "watchbox"),
                new ConcurrentLinkedQueue<>());

        String warning = assertNeverConnects(relay);

        assertTrue(warning.contains("certification path"), warning);
    }
}
