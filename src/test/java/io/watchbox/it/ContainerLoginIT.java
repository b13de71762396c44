package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The user the container authenticated (contract: Identity and access, "who is connecting"): the
 * host application's own login (io.watchbox.itapp.ItLogin, a Jakarta Security mechanism) names the
 * WebSocket client and the REST caller, with the roles the container gives it.
 */
class ContainerLoginIT {

    @Test
    void theApplicationsLoginNamesTheWebSocketClientFromAnyAddress() {
        URI remote = Server.webSocket(Server.throughNonLoopbackAddress());
        try (RawClient client = RawClient.connectTo(remote, Map.of("X-It-User", "carol", "X-It-Roles", "staff"))) {
            client.send("{\"type\":\"hello\"}");
            assertEquals("carol", client.expect("welcome").getString("user"));
        }
    }

    @Test
    void theContainersRolesDecideOnRest() {
        URI remote = Server.throughNonLoopbackAddress();
        assertEquals(200, stats(remote, "ada", "watchbox-admin").statusCode());
        HttpResponse<String> publisher = stats(remote, "pat", "watchbox-publisher");
        assertEquals(403, publisher.statusCode(), publisher::body);
        assertEquals("forbidden", Server.json(publisher.body()).asJsonObject().getString("code"));
    }

    private static HttpResponse<String> stats(URI base, String user, String roles) {
        return Server.send(HttpRequest.newBuilder(URI.create(base + "/watchbox/api/stats"))
                .header("X-It-User", user).header("X-It-Roles", roles).GET());
    }
}
