package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * watchbox.anonymous=local (the default): clients without identity only from loopback, as
 * Mosquitto 2 without a listener. The test servers listen on every interface, so this reaches them
 * through the machine's own non-loopback address. A client with a token is not anonymous.
 */
class AnonymousIT {

    @Test
    void anAnonymousClientFromANonLoopbackAddressIsRefusedWith4403() {
        URI remote = Server.throughNonLoopbackAddress();

        try (RawClient client = RawClient.connectTo(Server.webSocket(remote))) {
            client.send("{\"type\":\"hello\",\"id\":\"h\"}");
            assertEquals("forbidden", client.expect("error").getString("code"));
            assertEquals(4403, client.closeCode());
        }
    }

    @Test
    void aClientWithATokenIsWelcomeFromANonLoopbackAddress() {
        URI remote = Server.throughNonLoopbackAddress();

        try (RawClient client = RawClient.connectTo(Server.webSocket(remote))) {
            client.send("{\"type\":\"hello\",\"token\":\"" + IdentityIT.token("remote-user") + "\"}");
            assertEquals("remote-user", client.expect("welcome").getString("user"));
        }
    }

    @Test
    void anAnonymousRestRequestFromANonLoopbackAddressGets401() {
        URI remote = Server.throughNonLoopbackAddress();

        HttpResponse<String> rest = Server.send(HttpRequest.newBuilder(URI.create(remote + "/watchbox/api/stats")).GET());
        assertEquals(401, rest.statusCode());
        assertEquals("unauthorized", Server.json(rest.body()).asJsonObject().getString("code"));
    }

    @Test
    void anAnonymousClientFromLoopbackIsServed() {
        try (RawClient client = RawClient.connect()) {
            client.send("{\"type\":\"hello\"}");
            client.expect("welcome");
        }
        assertEquals(200, Server.get("/stats").statusCode());
    }
}
