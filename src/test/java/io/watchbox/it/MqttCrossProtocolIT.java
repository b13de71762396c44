package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.it.MqttIT.Received;
import io.watchbox.it.MqttIT.V3;
import io.watchbox.it.MqttIT.V5;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Delivery across the two protocols where a session or a connection outlives a single exchange:
 * a will from an MQTT client that drops, seen live and then as the retained message of a JSON
 * subscription; and a persistent MQTT session that gets what JSON, REST and MQTT published while
 * it was away, once each, in order, after its client comes back.
 */
class MqttCrossProtocolIT {

    @Test
    void aRetainedWillOfAnAbruptlyDroppedClientReachesJsonLiveAndLaterSubscriptionsAsRetained() throws Exception {
        String group = Names.group("will");
        String willTopic = group + "/status";
        String dropper = Names.uid("dropper");
        MqttIT.mqttUri(); // warm, as Paho's handshake timeout is short
        try (RawClient live = RawClient.hello(Names.uid("live"));
             TcpProxy proxy = new TcpProxy(URI.create(Server.baseUrl()).getPort())) {
            live.send("{\"type\":\"sub\",\"id\":\"s\",\"group\":\"" + group + "/#\"}");
            assertEquals("s", live.expect("ok").getString("id"));

            // The dropper reaches the server through the proxy, so that its drop is a TCP reset.
            MqttClient client = new MqttClient("ws://127.0.0.1:" + proxy.port() + "/watchbox/mqtt", dropper,
                    new MemoryPersistence());
            client.setTimeToWait(MqttIT.PAHO_WAIT_MILLIS);
            try {
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
                options.setCleanSession(true);
                options.setKeepAliveInterval(30);
                options.setWill(willTopic, "offline".getBytes(StandardCharsets.UTF_8), 1, true);
                client.connect(options);
                proxy.cutAll();

                JsonObject will = live.expect("msg");
                assertEquals(willTopic, will.getString("group"));
                assertEquals("offline", will.getString("msg"));
                assertEquals(dropper, will.getString("from"));
                assertFalse(will.containsKey("retained"), "a live will is no retained message");
            } finally {
                // Paho may not have noticed the cut yet, and refuses to close a client it thinks is
                // connected ("Client is connected (32100)", seen once on Payara): disconnect it first.
                try {
                    client.disconnectForcibly(0, 0);
                } catch (org.eclipse.paho.client.mqttv3.MqttException alreadyDisconnected) {
                    // It had noticed: nothing to disconnect.
                }
                client.close(true);
            }

            try (RawClient later = RawClient.hello(Names.uid("later")); V5 laterMqtt = V5.connect(Names.uid("later5"))) {
                later.send("{\"type\":\"sub\",\"id\":\"l\",\"group\":\"" + group + "/+\"}");
                assertEquals("l", later.expect("ok").getString("id"));
                JsonObject retained = later.expect("msg");
                assertEquals(willTopic, retained.getString("group"));
                assertEquals("offline", retained.getString("msg"));
                assertTrue(retained.getBoolean("retained"));

                laterMqtt.subscribe(willTopic, 1);
                Received mqtt = laterMqtt.next();
                assertEquals(willTopic, mqtt.topic());
                assertEquals("offline", mqtt.text());
            }
        } finally {
            // Leave no retained message behind for other tests' wildcard subscriptions and RetainedIT's bounds.
            assertEquals(204, Server.delete("/retained/" + willTopic).statusCode());
        }
    }

    @Test
    void aPersistentSessionGetsWhatJsonRestAndMqttPublishedWhileItWasAwayOnceEachInOrder() throws Exception {
        String uid = Names.uid("away");
        String group = Names.group("away");
        try {
            try (V5 first = V5.connectPersistent(uid, "alice")) {
                assertEquals(2, first.subscribe(group, 2));
                first.drop();
            }
            try (RawClient json = RawClient.hello(Names.uid("json")); V3 mqtt = V3.connect(Names.uid("pub3"))) {
                json.send("{\"type\":\"pub\",\"id\":\"p\",\"group\":\"" + group + "\",\"msg\":\"from json\"}");
                assertEquals("p", json.expect("ok").getString("id"));
                Server.publish(group, "from rest");
                mqtt.publish(group, "from mqtt at 2".getBytes(StandardCharsets.UTF_8), 2);
                mqtt.publish(group, "from mqtt at 1".getBytes(StandardCharsets.UTF_8), 1);
            }
            try (V5 again = V5.connectPersistent(uid, "alice")) {
                assertTrue(again.sessionPresent());
                // JSON and REST count as QoS 1; the MQTT publishes keep theirs, under the granted QoS 2.
                List<Received> expected = List.of(
                        new Received(group, bytes("from json"), 1),
                        new Received(group, bytes("from rest"), 1),
                        new Received(group, bytes("from mqtt at 2"), 2),
                        new Received(group, bytes("from mqtt at 1"), 1));
                for (Received want : expected) {
                    Received got = again.next();
                    assertEquals(want.text(), got.text());
                    assertEquals(want.qos(), got.qos(), () -> "the QoS of " + want.text());
                }
                // A copy of any of them would arrive before this marker, published after them.
                assertEquals(1, Server.publish(group, "marker"));
                assertEquals("marker", again.next().text());
            }
        } finally {
            Server.delete("/clients/" + uid);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
