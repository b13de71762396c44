package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The REST API's OpenAPI description on Open Liberty (mpOpenAPI): at {@code /openapi}, with the
 * paths clients call ({watchbox.path}/api/...) and the fields of its answers, and browsable at
 * {@code /openapi/ui}.
 */
@Tag("liberty")
class OpenApiIT {

    @Test
    void theDescriptionHasTheApiAtItsPublicPaths() {
        String document = get("/openapi?format=JSON");

        for (String path : new String[] {"/watchbox/api/clients", "/watchbox/api/clients/{uid}",
                "/watchbox/api/groups", "/watchbox/api/groups/{group}/messages", "/watchbox/api/stats",
                "/watchbox/api/stats/history", "/watchbox/api/retained", "/watchbox/api/retained/{group}"}) {
            assertTrue(document.contains("\"" + path + "\""), () -> path + " is missing from:\n" + document);
        }
        assertFalse(document.contains("/_watchbox/"), "the internal mount is not shown:\n" + document);
        assertTrue(document.contains("\"/it/events\""), "the host application's own resources stay at its path");
        JsonObject components = Server.json(document).asJsonObject().getJsonObject("components");
        assertEquals("bearer", components.getJsonObject("securitySchemes").getJsonObject("bearer").getString("scheme"),
                "the scheme every operation's security requirement names");
        JsonObject schemas = components.getJsonObject("schemas");
        JsonObject session = schemas.getJsonObject("SessionInfo").getJsonObject("properties");
        assertEquals("string", session.getJsonObject("user").getString("type"));
        assertTrue(session.getJsonObject("user").getBoolean("nullable"));
        assertEquals("date-time", session.getJsonObject("lastSeen").getString("format"));
        assertTrue(schemas.getJsonObject("StatsSample").getJsonObject("properties").containsKey("publishedPerSecond"));
        assertTrue(schemas.getJsonObject("Stats").getJsonObject("properties").containsKey("framesSent"));
        assertTrue(schemas.getJsonObject("GroupInfo").getJsonObject("properties").containsKey("subscribers"));
    }

    @Test
    void theUiAnswers() {
        assertTrue(get("/openapi/ui/").toLowerCase().contains("<html"));
    }

    private static String get(String path) {
        HttpResponse<String> response = Server.send(HttpRequest.newBuilder(URI.create(Server.baseUrl() + path)).GET());
        assertEquals(200, response.statusCode(), response::body);
        return response.body();
    }
}
