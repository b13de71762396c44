package io.watchbox.bench;

import io.watchbox.bench.Clients.Driver;
import java.net.URI;

/**
 * The system a run measures ({@code --system}, {@code --url}) and the clients each workload drives
 * it with. "watchbox" (on Open Liberty) and "watchbox-payara" speak Watchbox; "mosquitto" speaks MQTT.
 */
record SystemUnderTest(String name, String url) {

    static boolean isWatchbox(String system) {
        return system.startsWith("watchbox");
    }

    boolean isWatchbox() {
        return isWatchbox(name);
    }

    URI uri() {
        return URI.create(url);
    }

    /** Subscribers: the same lean blocking WebSocket transport for both systems. */
    Driver subscriberDriver() {
        return isWatchbox() ? new LeanClients.Watchbox(uri()) : new LeanClients.Mqtt(uri());
    }

    /** Publishers: the lean client for Watchbox, Eclipse Paho for Mosquitto. */
    Driver publisherDriver() {
        return isWatchbox() ? new LeanClients.Watchbox(uri()) : new Clients.Paho(url);
    }

    /** Many connections on a few threads (idle clients, the connect storm): raw WebSocket for both. */
    Driver connectionDriver() {
        return isWatchbox() ? new Clients.Watchbox(uri()) : new Clients.RawMqtt(uri());
    }
}
