package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.core.ClusterReplicas.Replica;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.Property;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cluster mode: the retained messages live in Redis, so each replica serves what any replica retained. */
class RedisRetainedClusterTest {

    @RegisterExtension
    final RedisReplicas replicas = new RedisReplicas(ValidSettings.builder().timeout(600).retainedmaxcount(2).build());

    @Test
    void aMessageRetainedOnOneReplicaReachesSubscriptionsOnAnother() {
        Replica a = replicas.start();
        Replica b = replicas.start();
        Client.subscribed(a.broker(), "pub").send("{'type':'pub','group':'home/temp','msg':'21.5','retain':true}");
        new MqttClient(a.broker(), MqttVersion.V5).connect("mqtt-pub").send(new Packet.Publish("home/door",
                Bytes.copyOf("open".getBytes(StandardCharsets.UTF_8)), 1, true, false, 1, Properties.EMPTY));

        Client json = Client.subscribed(b.broker(), "json", "home/#");
        MqttClient mqtt = new MqttClient(b.broker(), MqttVersion.V3_1_1).connect("mqtt-sub").subscribe(1, "home/+", 1);

        List<JsonObject> retained = json.messages();
        assertEquals(List.of("open", "21.5"), json.texts(), "sorted by group");
        assertTrue(retained.stream().allMatch(m -> m.getBoolean("retained")));
        assertEquals(List.of("mqtt-pub", "pub"), retained.stream().map(m -> m.getString("from")).toList());
        assertEquals(2, mqtt.received(Packet.Publish.class).stream().filter(Packet.Publish::retain).count());
    }

    @Test
    void aMessageRetainedOnOneReplicaKeepsItsQosAndPropertiesOnAnother() {
        Replica a = replicas.start();
        Replica b = replicas.start();
        new MqttClient(a.broker(), MqttVersion.V5).connect("mqtt-pub").send(new Packet.Publish("requests/time",
                Bytes.copyOf("?".getBytes(StandardCharsets.UTF_8)), 0, true, false, 0,
                MqttMessagePropertiesTest.requestProperties(60).build()));

        Packet.Publish got = new MqttClient(b.broker(), MqttVersion.V5).connect("mqtt-sub").subscribe(1, "requests/#", 2)
                .last(Packet.Publish.class);

        assertTrue(got.retain());
        assertEquals(0, got.qos());
        assertEquals(MqttMessagePropertiesTest.requestProperties(60).build().userProperties(), got.properties().userProperties());
        assertEquals("replies/publisher", got.properties().string(Property.RESPONSE_TOPIC).orElseThrow());
        assertEquals(60, got.properties().number(Property.MESSAGE_EXPIRY_INTERVAL).getAsLong(), "the replicas share the clock");
    }

    @Test
    void theLimitsAreTheClustersAndAClearOnOneReplicaHoldsOnEvery() throws Exception {
        Replica a = replicas.start();
        Replica b = replicas.start();
        a.broker().publishRetained("x", "1");
        b.broker().publishRetained("y", "2");

        assertThrows(RetainedFullException.class, () -> a.broker().publishRetained("z", "3"));
        assertTrue(b.broker().retained().clear("x"));
        a.broker().publishRetained("z", "3");

        assertEquals(List.of("2", "3"), Client.subscribed(b.broker(), "all", "#").texts());
        assertEquals(2, a.broker().retained().usage().count());
    }
}
