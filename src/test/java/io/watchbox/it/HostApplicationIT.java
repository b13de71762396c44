package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Watchbox inside someone else's application (io.watchbox.itapp, which has the module's jar in
 * WEB-INF/lib): the host's beans publish through the injected broker, the WebSocket endpoint serves
 * at the host's context root, and the host's REST resources and error mapping are its own.
 */
class HostApplicationIT {

    @Test
    void aHostBeanPublishesThroughTheInjectedBrokerToAWebSocketClientAtTheHostsContextRoot() {
        String group = Names.group("host");
        try (RawClient client = RawClient.hello(Names.uid("host"))) {
            PubSubIT.subscribe(client, group);

            HttpResponse<String> response = host(HttpRequest.newBuilder(hostUri("/announce/" + group))
                    .POST(HttpRequest.BodyPublishers.ofString("person joined")));

            assertEquals(200, response.statusCode(), response::body);
            assertEquals("1", response.body());
            JsonObject msg = client.expect("msg");
            assertEquals("person joined", msg.getString("msg"));
            assertTrue(msg.isNull("from"), "the server published it");
        }
    }

    @Test
    void theHostServesTheBrowserClientAsJavaScriptWithNothingToDo() {
        URI script = URI.create(Server.baseUrl() + "/watchbox/watchbox.js");
        HttpResponse<String> response = host(HttpRequest.newBuilder(script).GET());

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"),
                response.headers()::toString);
        assertTrue(response.body().contains("export function connect"));
        String etag = response.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, host(HttpRequest.newBuilder(script).header("If-None-Match", etag).GET()).statusCode());
        assertEquals(200, host(HttpRequest.newBuilder(URI.create(Server.baseUrl() + "/watchbox/watchbox.d.ts")).GET())
                .statusCode());
    }

    @Test
    void theHostsOwnExceptionMapperAnswersForItsResources() {
        HttpResponse<String> response = host(HttpRequest.newBuilder(hostUri("/refused")).GET());

        assertEquals(409, response.statusCode());
        assertEquals("host mapped: the host refuses", response.body());
    }

    @Test
    void watchboxsMappersDoNotAnswerForTheHostsFailures() {
        HttpResponse<String> bug = host(HttpRequest.newBuilder(hostUri("/bug")).GET());
        HttpResponse<String> unknown = host(HttpRequest.newBuilder(hostUri("/no-such-route")).GET());

        assertEquals(500, bug.statusCode());
        assertFalse(bug.body().contains("internal-error"), () -> "Watchbox's mapper answered: " + bug.body());
        assertEquals(404, unknown.statusCode());
        assertFalse(unknown.body().contains("not-found"), () -> "Watchbox's mapper answered: " + unknown.body());
    }

    @Test
    void watchboxsResourcesAreNotPartOfTheHostsApplication() {
        assertEquals(404, host(HttpRequest.newBuilder(URI.create(Server.baseUrl() + "/it/stats")).GET()).statusCode());
        assertEquals(404, host(HttpRequest.newBuilder(URI.create(Server.baseUrl() + "/it/clients")).GET()).statusCode());
    }

    @Test
    void watchboxsOwnApiKeepsItsJsonErrors() {
        HttpResponse<String> unknown = Server.get("/no-such-route");

        assertEquals(404, unknown.statusCode());
        assertEquals("not-found", Server.json(unknown.body()).asJsonObject().getString("code"));
    }

    @Test
    void theApisInternalMountAnswersNothingDirectly() {
        HttpResponse<String> direct = host(HttpRequest.newBuilder(URI.create(Server.baseUrl() + "/_watchbox/api/stats")).GET());

        assertEquals(404, direct.statusCode());
    }

    private static URI hostUri(String path) {
        return URI.create(Server.baseUrl() + "/it/host" + path);
    }

    private static HttpResponse<String> host(HttpRequest.Builder request) {
        return Server.send(request);
    }
}
