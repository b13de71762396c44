package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.access.TestTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The REST API's roles (contract: Identity and access, REST): publishing needs watchbox-publisher
 * or watchbox-admin; the clients, the stats, their history and the list of groups need
 * watchbox-admin. A caller without credentials gets 401, one without the role 403, both with the
 * JSON error body. Credentials here are bearer JWTs signed with the test servers' key; under
 * anonymous=local a loopback caller without any has both roles.
 */
class RestRolesIT {

    private static final String PUBLISHER = bearer("pat", List.of("watchbox-publisher"));
    private static final String ADMIN = bearer("ada", List.of("watchbox-admin"));
    private static final String STAFF = bearer("sam", List.of("staff"));

    @Test
    void everyEndpointAnswers401WithoutCredentialsFromANonLoopbackAddress() {
        URI remote = Server.throughNonLoopbackAddress();
        for (HttpRequest.Builder request : everyEndpoint(remote)) {
            HttpResponse<String> response = Server.send(request);
            assertEquals(401, response.statusCode(), () -> request.build() + ": " + response.body());
            assertEquals("unauthorized", code(response));
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }
    }

    @Test
    void aPublisherMayPublishButNotListKickOrReadTheStats() {
        assertEquals(202, Server.send(publish(Server.baseUri()).header("Authorization", PUBLISHER)).statusCode());
        for (HttpRequest.Builder request : adminEndpoints(Server.baseUri())) {
            HttpResponse<String> response = Server.send(request.header("Authorization", PUBLISHER));
            assertEquals(403, response.statusCode(), () -> request.build() + ": " + response.body());
            assertEquals("forbidden", code(response));
        }
    }

    @Test
    void anAdminMayDoEverythingFromAnyAddress() {
        URI remote = Server.throughNonLoopbackAddress();
        Map<String, Integer> expected = Map.of("POST", 202, "GET", 200, "DELETE", 404);
        for (HttpRequest.Builder request : everyEndpoint(remote)) {
            HttpResponse<String> response = Server.send(request.header("Authorization", ADMIN));
            HttpRequest sent = response.request();
            assertEquals(expected.get(sent.method()), response.statusCode(), () -> sent + ": " + response.body());
        }
    }

    @Test
    void aUserWithoutAWatchboxRoleGets403EvenOnLoopback() {
        // Credentials, once given, decide: the anonymous grant of loopback does not add to them.
        for (HttpRequest.Builder request : everyEndpoint(Server.baseUri())) {
            HttpResponse<String> response = Server.send(request.header("Authorization", STAFF));
            assertEquals(403, response.statusCode(), () -> request.build() + ": " + response.body());
        }
    }

    @Test
    void aRefusedTokenGets401() {
        String expired = "Bearer " + TestTokens.token("ada", List.of("watchbox-admin"), Instant.now().minusSeconds(600));
        String foreign = "Bearer " + TestTokens.token(b -> b.issuer("elsewhere").subject("ada")
                .claim("groups", List.of("watchbox-admin")).expirationTime(Date.from(Instant.now().plusSeconds(600))));
        for (String credentials : List.of(expired, foreign, "Bearer not-a-jwt")) {
            HttpResponse<String> response = Server.send(publish(Server.baseUri()).header("Authorization", credentials));
            assertEquals(401, response.statusCode(), response::body);
            assertEquals("unauthorized", code(response));
        }
    }

    @Test
    void aLoopbackCallerWithoutCredentialsHasBothRolesUnderAnonymousLocal() {
        for (HttpRequest.Builder request : everyEndpoint(Server.baseUri())) {
            HttpResponse<String> response = Server.send(request);
            assertTrue(response.statusCode() < 400 || response.statusCode() == 404, () -> request.build() + ": " + response.body());
        }
    }

    private static String bearer(String user, List<String> roles) {
        return "Bearer " + TestTokens.token(user, roles, Instant.now().plusSeconds(3600));
    }

    private static List<HttpRequest.Builder> everyEndpoint(URI base) {
        List<HttpRequest.Builder> all = new ArrayList<>(adminEndpoints(base));
        all.add(publish(base));
        return all;
    }

    private static HttpRequest.Builder publish(URI base) {
        return HttpRequest.newBuilder(URI.create(base + "/watchbox/api/groups/" + Names.group("roles") + "/messages"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello"));
    }

    private static List<HttpRequest.Builder> adminEndpoints(URI base) {
        return List.of(
                HttpRequest.newBuilder(URI.create(base + "/watchbox/api/clients")).GET(),
                HttpRequest.newBuilder(URI.create(base + "/watchbox/api/clients/nobody-" + Names.uid("x"))).DELETE(),
                HttpRequest.newBuilder(URI.create(base + "/watchbox/api/stats")).GET(),
                HttpRequest.newBuilder(URI.create(base + "/watchbox/api/stats/history")).GET(),
                HttpRequest.newBuilder(URI.create(base + "/watchbox/api/groups")).GET(),
                HttpRequest.newBuilder(URI.create(base + "/watchbox/api/retained")).GET(),
                HttpRequest.newBuilder(URI.create(base + "/watchbox/api/retained/nobody/" + Names.uid("x"))).DELETE());
    }

    private static String code(HttpResponse<String> response) {
        return Server.json(response.body()).asJsonObject().getString("code");
    }
}
