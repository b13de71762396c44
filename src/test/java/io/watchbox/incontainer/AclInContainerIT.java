package io.watchbox.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ACL as an application configures it (contract: Identity and access, groups a client may
 * use), in a host WAR with {@code watchbox.acl.*} in its microprofile-config.properties and no
 * authorizer bean of its own, on Open Liberty and on Payara Micro.
 */
@ExtendWith(ArquillianExtension.class)
class AclInContainerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONFIG = String.join("\n",
            "watchbox.acl.anonymous.subscribe=public/#, rooms/+",
            "watchbox.acl.anonymous.publish=rooms/+",
            "");

    @Deployment
    static WebArchive hostApplicationWithAnAcl() {
        File moduleJar = new File(System.getProperty("watchbox.it.jar"));
        return ShrinkWrap.create(WebArchive.class, "acl.war")
                .addAsLibrary(ShrinkWrap.createFromZipFile(JavaArchive.class, moduleJar))
                .addAsResource(new StringAsset(CONFIG), "META-INF/microprofile-config.properties")
                .addAsLibraries(WatchboxInContainerIT.libraries());
    }

    @ArquillianResource
    URL base;

    @Test
    void anAnonymousClientGetsWhatTheAclAllowsAndForbiddenForTheRest() throws Exception {
        Client client = new Client(URI.create(base.toString().replaceFirst("^http", "ws").replaceFirst("/?$", "/watchbox")));
        client.send("{\"type\":\"hello\"}");
        assertEquals("welcome", client.next().getString("type"));

        assertEquals("ok", client.request("{\"type\":\"sub\",\"group\":\"public/#\"}"));
        assertEquals("ok", client.request("{\"type\":\"sub\",\"group\":\"rooms/+\"}"));
        assertEquals("forbidden", client.request("{\"type\":\"sub\",\"group\":\"#\"}"), "a wider filter is not a subset");
        assertEquals("forbidden", client.request("{\"type\":\"sub\",\"group\":\"rooms/#\"}"), "rooms/a/b is not allowed");
        assertEquals("ok", client.request("{\"type\":\"pub\",\"group\":\"rooms/lobby\",\"msg\":\"hi\"}"));
        assertEquals("forbidden", client.request("{\"type\":\"pub\",\"group\":\"public/news\",\"msg\":\"hi\"}"));
        client.socket.abort();
    }

    /** A bare WebSocket client: each request's answer is its ok or its error code (messages are skipped). */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Client(URI endpoint) throws Exception {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(endpoint, this)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        void send(String frame) throws Exception {
            socket.sendText(frame, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        String request(String frame) throws Exception {
            send(frame);
            for (JsonObject reply = next(); ; reply = next()) {
                switch (reply.getString("type")) {
                    case "ok":
                        return "ok";
                    case "error":
                        return reply.getString("code");
                    default:
                        // a message: not an answer
                }
            }
        }

        JsonObject next() throws InterruptedException {
            JsonObject frame = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("nothing from the server within " + WAIT);
            }
            return frame;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Json.createReader(new StringReader(partial.toString())).readObject());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
