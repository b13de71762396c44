package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Browsers on other sites: a page anywhere can open a WebSocket to, or send a "simple" POST to, a
 * Watchbox it can reach, 127.0.0.1 included. Unless {@code watchbox.origins} says otherwise, only
 * the server's own origin may; clients that send no Origin (not browsers) are not affected.
 */
class OriginIT {

    private static final String EVIL = "http://evil.example";

    @Test
    void aWebSocketHandshakeFromAForeignOriginIsRefusedWith403() {
        CompletionException refused = assertThrows(CompletionException.class, () -> HttpClient.newHttpClient()
                .newWebSocketBuilder().header("Origin", EVIL).connectTimeout(Duration.ofSeconds(20))
                .buildAsync(Server.webSocketUri(), new WebSocket.Listener() { })
                .orTimeout(20, TimeUnit.SECONDS).join());

        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(403, handshake.getResponse().statusCode());
    }

    @Test
    void aWebSocketHandshakeFromTheServersOwnOriginIsAccepted() {
        try (RawClient client = RawClient.connectWithHeader("Origin", Server.baseUrl())) {
            client.send("{\"type\":\"hello\"}");
            client.expect("welcome");
        }
    }

    @Test
    void aSimplePostFromAForeignOriginIsRefusedWith403AndDeliversNothing() {
        String group = Names.group("csrf");
        try (RawClient subscriber = RawClient.hello(Names.uid("csrf"))) {
            PubSubIT.subscribe(subscriber, group);

            HttpResponse<String> response = postWithOrigin(group, EVIL);

            assertEquals(403, response.statusCode());
            assertEquals("forbidden", Server.json(response.body()).asJsonObject().getString("code"));
            assertEquals(1, Server.publish(group, "marker"), "the subscriber is still there");
            assertEquals("marker", subscriber.expect("msg").getString("msg"), "nothing came before the marker");
        }
    }

    /** Several in a row: the client's later requests go over HTTP/2, which carries no Host header. */
    @Test
    void postsFromTheServersOwnOriginAreServed() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = postWithOrigin(Names.group("same-origin"), Server.baseUrl());
            assertEquals(202, response.statusCode(), () -> response.version() + " " + response.body());
        }
    }

    @Test
    void everyApiRouteChecksTheOrigin() {
        for (String path : new String[] {"/clients", "/stats"}) {
            HttpResponse<String> response = Server.send(HttpRequest.newBuilder(Server.api(path)).header("Origin", EVIL).GET());
            assertEquals(403, response.statusCode(), path);
        }
        HttpResponse<String> kick = Server.send(HttpRequest.newBuilder(Server.api("/clients/anyone"))
                .header("Origin", EVIL).DELETE());
        assertEquals(403, kick.statusCode());
    }

    private static HttpResponse<String> postWithOrigin(String group, String origin) {
        return Server.send(HttpRequest.newBuilder(URI.create(Server.api("/groups/" + group + "/messages").toString()))
                .header("Content-Type", "text/plain").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("from a web page")));
    }
}
