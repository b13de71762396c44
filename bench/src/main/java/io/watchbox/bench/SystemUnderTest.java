package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * The system a run measures ({@code --system}, {@code --url}) and the clients each workload drives
 * it with. "watchbox" (on Open Liberty) and "watchbox-payara" speak Watchbox; "mosquitto" speaks MQTT.
 *
 * <p>{@code url} may name several replicas of one cluster, separated by commas (bench/cluster):
 * publishers and the clients of the other workloads connect to the first, subscribers are spread
 * evenly over all of them.
 */
record SystemUnderTest(String name, String url) {

    static boolean isWatchbox(String system) {
        return system.startsWith("watchbox");
    }

    boolean isWatchbox() {
        return isWatchbox(name);
    }

    /** Every replica's URL, the first one's first. */
    List<URI> uris() {
        return Arrays.stream(url.split(",")).map(URI::create).toList();
    }

    URI uri() {
        return uris().get(0);
    }

    /** Subscribers: the same lean blocking WebSocket transport for both systems, spread over the replicas. */
    Driver subscriberDriver() {
        List<Driver> replicas = uris().stream()
                .map(u -> isWatchbox() ? (Driver) new LeanClients.Watchbox(u)
                        : new MqttDriver(u, "mosquitto", 0, LeanClients.FRAMES_RECEIVED))
                .toList();
        return replicas.size() == 1 ? replicas.get(0) : new RoundRobinDriver(replicas);
    }

    /** Publishers: the lean client for Watchbox, Eclipse Paho for Mosquitto. */
    Driver publisherDriver() {
        return isWatchbox() ? new LeanClients.Watchbox(uri()) : new Clients.Paho(uri().toString());
    }

    /** Many connections on a few threads (idle clients, the connect storm): raw WebSocket for both. */
    Driver connectionDriver() {
        return isWatchbox() ? new Clients.Watchbox(uri()) : new Clients.RawMqtt(uri());
    }
}
