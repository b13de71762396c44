package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The container creates an HTTP session for a WebSocket handshake; Watchbox must not keep it
 * (one per connection, alive for the session timeout, was the soak's slow heap growth), but must
 * not touch a session the embedding application gave the client either.
 */
class HttpSessionIT {

    @Test
    void connectionsLeaveNoHttpSessionBehind() {
        int before = liveHttpSessions();
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                clients.add(RawClient.hello(Names.uid("httpsession")));
            }
            assertTrue(liveHttpSessions() <= before,
                    () -> "20 handshakes left HTTP sessions: " + before + " before, " + liveHttpSessions() + " after");
        } finally {
            clients.forEach(RawClient::close);
        }
    }

    @Test
    void theApplicationsOwnSessionSurvivesTheHandshake() {
        HttpResponse<String> created = Server.send(HttpRequest.newBuilder(it("/httpsessions"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, created.statusCode(), created::body);
        String id = Server.json(created.body()).asJsonObject().getString("id");
        String cookie = created.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];

        try (RawClient client = RawClient.connectWithHeader("Cookie", cookie)) {
            client.send("{\"type\":\"hello\"}");
            client.expect("welcome");
        }

        HttpResponse<String> mine = Server.send(HttpRequest.newBuilder(it("/httpsessions/mine")).header("Cookie", cookie).GET());
        assertEquals(200, mine.statusCode(), "the application's session was invalidated by the handshake");
        assertEquals(id, Server.json(mine.body()).asJsonObject().getString("id"));
    }

    private static int liveHttpSessions() {
        HttpResponse<String> response = Server.send(HttpRequest.newBuilder(it("/httpsessions")).GET());
        assertEquals(200, response.statusCode(), response::body);
        return Server.json(response.body()).asJsonObject().getInt("live");
    }

    private static URI it(String path) {
        return URI.create(Server.baseUrl() + "/it" + path);
    }
}
