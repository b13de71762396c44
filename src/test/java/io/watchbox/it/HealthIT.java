package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile Health at the server's own addresses (contract v2, observability): readiness and
 * liveness answer UP, each with Watchbox's check in it, and readiness counts what is open.
 */
class HealthIT {

    @Test
    void readinessIsUpWithWatchboxsCheck() {
        JsonObject check = check("/health/ready", "watchbox-ready");

        assertEquals("UP", check.getString("status"));
        assertEquals(10000, number(check.getJsonObject("data"), "maxclients"));
    }

    /**
     * Other tests' sessions may still be ending, so the counts are at least this test's own: two
     * sessions, and three sockets, one of which has not said hello (a socket, not a session).
     */
    @Test
    void readinessCountsTheSocketsAndSessionsOpenNow() {
        try (RawClient alice = RawClient.hello(Names.uid("ready")); RawClient bob = RawClient.hello(Names.uid("ready"));
             RawClient silent = RawClient.connect()) {
            await().atMost(RawClient.WAIT).untilAsserted(() -> {
                JsonObject data = check("/health/ready", "watchbox-ready").getJsonObject("data");
                long sockets = number(data, "sockets");
                long sessions = number(data, "sessions");
                assertTrue(sockets >= 3, () -> "sockets " + sockets + " in " + data);
                assertTrue(sessions >= 2, () -> "sessions " + sessions + " in " + data);
            });
        }
    }

    @Test
    void livenessIsUpWithWatchboxsCheck() {
        JsonObject check = check("/health/live", "watchbox-live");

        assertEquals("UP", check.getString("status"));
        assertTrue(number(check.getJsonObject("data"), "lastSweepMillisAgo") < 30_000);
    }

    /** A number of a check's data: Liberty writes it as a JSON number, Payara as a string. */
    private static long number(JsonObject data, String key) {
        JsonValue value = data.get(key);
        assertNotNull(value, () -> key + " in " + data);
        return value instanceof JsonString text ? Long.parseLong(text.getString()) : ((JsonNumber) value).longValueExact();
    }

    /** The named check of a health endpoint, which must answer 200 and UP as a whole. */
    private static JsonObject check(String path, String name) {
        HttpResponse<String> response = Server.send(HttpRequest.newBuilder(URI.create(Server.baseUrl() + path)).GET());
        assertEquals(200, response.statusCode(), response::body);
        JsonObject health = Server.json(response.body()).asJsonObject();
        assertEquals("UP", health.getString("status"), response::body);
        return health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + response.body()));
    }
}
