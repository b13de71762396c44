package io.watchbox.it;

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
 * liveness answer UP, each with Watchbox's check in it.
 */
class HealthIT {

    @Test
    void readinessIsUpWithWatchboxsCheck() {
        JsonObject check = check("/health/ready", "watchbox-ready");

        assertEquals("UP", check.getString("status"));
        JsonObject data = check.getJsonObject("data");
        assertEquals(10000, number(data, "maxclients"));
        assertTrue(number(data, "sockets") >= 0);
        assertTrue(number(data, "sessions") >= 0);
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
