package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * watchbox.anonymous=local (the default): clients without identity only from loopback, as
 * Mosquitto 2 without a listener. The test servers listen on every interface, so this reaches them
 * through the machine's own non-loopback address. A client with a token is not anonymous.
 */
class AnonymousIT {

    @Test
    void anAnonymousClientFromANonLoopbackAddressIsRefusedWith4403() {
        URI remote = throughNonLoopbackAddress();

        try (RawClient client = RawClient.connectTo(webSocket(remote))) {
            client.send("{\"type\":\"hello\",\"id\":\"h\"}");
            assertEquals("forbidden", client.expect("error").getString("code"));
            assertEquals(4403, client.closeCode());
        }
    }

    @Test
    void aClientWithATokenIsWelcomeFromANonLoopbackAddress() {
        URI remote = throughNonLoopbackAddress();

        try (RawClient client = RawClient.connectTo(webSocket(remote))) {
            client.send("{\"type\":\"hello\",\"token\":\"" + IdentityIT.token("remote-user") + "\"}");
            assertEquals("remote-user", client.expect("welcome").getString("user"));
        }
    }

    @Test
    void anAnonymousRestRequestFromANonLoopbackAddressGets401() {
        URI remote = throughNonLoopbackAddress();

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

    private static URI webSocket(URI http) {
        return URI.create(http.toString().replaceFirst("^http", "ws") + "/watchbox");
    }

    /** The test server's address through this machine's first non-loopback IPv4 address, or the test is skipped. */
    private static URI throughNonLoopbackAddress() {
        InetAddress address = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    address = Collections.list(nic.getInetAddresses()).stream()
                            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(address);
                }
            }
        } catch (SocketException e) {
            address = null;
        }
        Assumptions.assumeTrue(address != null, "skipped: this machine has no non-loopback IPv4 address to connect through");
        URI local = URI.create(Server.baseUrl());
        return URI.create("http://" + address.getHostAddress() + ":" + local.getPort());
    }
}
