package io.watchbox.incontainer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.EndReason;
import io.watchbox.InvalidGroupException;
import io.watchbox.InvalidSettingException;
import io.watchbox.Watchbox;
import io.watchbox.WatchboxMessage;
import io.watchbox.WatchboxTimeout;
import io.watchbox.internal.observe.WatchboxMetrics;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside the server, on Open Liberty and on Payara Micro: a host WAR that carries the module's jar
 * in WEB-INF/lib, as a user's does, injects the broker and observes its events.
 */
@ExtendWith(ArquillianExtension.class)
class WatchboxInContainerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment
    static WebArchive hostApplication() {
        File moduleJar = new File(System.getProperty("watchbox.it.jar"));
        return ShrinkWrap.create(WebArchive.class, "host.war")
                .addAsLibrary(ShrinkWrap.createFromZipFile(JavaArchive.class, moduleJar))
                .addClass(ObservedEvents.class)
                .addAsLibraries(libraries());
    }

    @Inject
    Watchbox watchbox;

    @Inject
    ObservedEvents observed;

    @ArquillianResource
    URL base;

    @Inject
    BeanManager beans;

    @Inject
    WatchboxMetrics metrics;

    @Test
    void aSingleNodeNeedsNoRedisClient() {
        // This host WAR carries the module's jar but not Lettuce: without watchbox.cluster.redis
        // nothing loads a class of it or starts a thread of it.
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("io.lettuce.core.RedisClient", false, Watchbox.class.getClassLoader()));
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("lettuce-")));
        assertEquals(0, watchbox.stats().relayed() + watchbox.stats().notRelayed() + watchbox.stats().received());
    }

    @Test
    void theInjectedBrokerPublishesAndCounts() {
        long before = watchbox.stats().published();

        assertEquals(0, watchbox.publish("nobody listens", "incontainer/" + UUID.randomUUID()));

        assertEquals(before + 1, watchbox.stats().published());
    }

    @Test
    void aBadGroupIsATypedException() {
        InvalidGroupException e = assertThrows(InvalidGroupException.class, () -> watchbox.publish("x", "a/+"));

        assertTrue(e.getMessage().contains("a/+"), e::getMessage);
    }

    @Test
    void aSettingOutOfRangeIsRefusedAndChangesNothing() {
        int timeout = watchbox.settings().timeout();

        assertThrows(InvalidSettingException.class, () -> watchbox.setTimeout(0));

        assertEquals(timeout, watchbox.settings().timeout());
    }

    @Test
    void settingsChangedAtTheSameTimeAreAllKept() {
        int originalTimeout = watchbox.settings().timeout();
        int originalListlimit = watchbox.settings().listlimit();
        try {
            CompletableFuture<Void> timeouts = CompletableFuture.runAsync(
                    () -> IntStream.rangeClosed(11, 500).forEach(watchbox::setTimeout));
            CompletableFuture<Void> listlimits = CompletableFuture.runAsync(
                    () -> IntStream.rangeClosed(11, 500).forEach(watchbox::setListlimit));
            CompletableFuture.allOf(timeouts, listlimits).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();

            assertEquals(500, watchbox.settings().timeout());
            assertEquals(500, watchbox.settings().listlimit());
        } finally {
            watchbox.setTimeout(originalTimeout);
            watchbox.setListlimit(originalListlimit);
        }
    }

    @Test
    void aClientsMessageAndItsGoodbyeReachTheHostsObservers() throws Exception {
        String uid = "incontainer-" + UUID.randomUUID().toString().substring(0, 8);
        URI endpoint = URI.create(base.toString().replaceFirst("^http", "ws").replaceFirst("/?$", "/watchbox"));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(endpoint, new WebSocket.Listener() { }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"hello\",\"uid\":\"" + uid + "\"}", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"pub\",\"group\":\"incontainer/room\",\"msg\":\"hi host\"}", true)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"bye\"}", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> observed.of(uid).size() == 4);

        List<ObservedEvents.Seen> seen = observed.of(uid);
        for (String observer : List.of("sync", "async")) {
            WatchboxMessage message = (WatchboxMessage) seen.stream()
                    .filter(s -> s.observer().equals(observer) && s.event() instanceof WatchboxMessage)
                    .findFirst().orElseThrow().event();
            assertEquals("incontainer/room", message.group());
            assertEquals("hi host", message.msg());
            assertNotNull(message.time());
            WatchboxTimeout ended = (WatchboxTimeout) seen.stream()
                    .filter(s -> s.observer().equals(observer) && s.event() instanceof WatchboxTimeout)
                    .findFirst().orElseThrow().event();
            assertEquals(EndReason.LEFT, ended.reason());
        }
    }

    /**
     * Arquillian's Liberty server has no mpHealth, mpMetrics or mpOpenAPI feature, so there this
     * deployment shows the module runs without them: its health checks cannot even be loaded, and
     * CDI passes them over; the metrics bean is there, and off. Payara Micro has them all.
     */
    @Test
    void theModuleRunsWithOrWithoutTheServersHealthAndMetrics() throws Exception {
        boolean health = loadable("org.eclipse.microprofile.health.HealthCheck");
        boolean metrics = loadable("org.eclipse.microprofile.metrics.MetricRegistry");

        for (String check : List.of("io.watchbox.internal.observe.WatchboxReadiness",
                "io.watchbox.internal.observe.WatchboxLiveness")) {
            assertEquals(health, loadable(check), check);
            if (health) {
                assertEquals(1, beans.getBeans(Class.forName(check), Any.Literal.INSTANCE).size(), check);
            }
        }
        assertEquals(metrics, this.metrics.isOn());
        long before = watchbox.stats().published();
        watchbox.publish("with or without", "incontainer/" + UUID.randomUUID());
        assertEquals(before + 1, watchbox.stats().published());
    }

    private static boolean loadable(String name) {
        try {
            Class.forName(name, true, WatchboxInContainerIT.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The module's one dependency (Nimbus JOSE), and Awaitility with its Hamcrest for waiting inside the server. */
    static File[] libraries() {
        // Failsafe runs the tests from a manifest-only jar and names the real class path here.
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).lines().flatMap(p -> List.of(p.split(File.pathSeparator)).stream())
                .filter(p -> p.contains("awaitility") || p.contains("hamcrest") || p.contains("nimbus-jose-jwt"))
                .map(File::new).toArray(File[]::new);
    }
}
