package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.retained.RetainedUsage;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retained messages through the broker: kept from every source, sent to new subscriptions of both protocols. */
class RetainedTest {

    private final Broker broker = new Broker(ValidSettings.builder().timeout(600).retainedmaxcount(3)
            .retainedmaxbytes(1024).build(), new MutableClock(), new RecordingEvents());

    /** The server retains a message, as the bean does. */
    private void retain(String group, String msg) {
        try {
            broker.publishRetained(group, msg);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String text(Packet.Publish publish) {
        return new String(publish.payload().toByteArray(), StandardCharsets.UTF_8);
    }

    private static Packet.Publish retainedPublish(String topic, String payload, int qos, int packetId) {
        return new Packet.Publish(topic, Bytes.copyOf(payload.getBytes(StandardCharsets.UTF_8)), qos, true, false,
                packetId, Properties.EMPTY);
    }

    private static Packet.Subscribe subscribe(int packetId, String filter, boolean retainAsPublished, int retainHandling) {
        return new Packet.Subscribe(packetId, List.of(new Packet.Subscription(filter, 1, false, retainAsPublished,
                retainHandling)), Properties.EMPTY);
    }

    @Test
    void aJsonSubGetsTheRetainedMessageRightAfterItsOkMarkedRetained() {
        Client publisher = Client.subscribed(broker, "pub");
        publisher.send("{'type':'pub','id':1,'group':'home/temp','msg':'21.5','retain':true}");
        assertEquals(0, publisher.lastFrame().getInt("delivered"));

        Client late = Client.subscribed(broker, "late");
        late.send("{'type':'sub','id':'s','group':'home/+'}");

        assertEquals(List.of("welcome", "ok", "msg 21.5"), late.transcript());
        JsonObject retained = late.messages().get(0);
        assertEquals("home/temp", retained.getString("group"));
        assertEquals("pub", retained.getString("from"));
        assertTrue(retained.getBoolean("retained"));
        assertEquals(1, retained.getJsonNumber("seq").longValue());
    }

    @Test
    void aLiveDeliveryOfARetainedPublishCarriesNoMark() {
        Client subscriber = Client.subscribed(broker, "sub", "home/temp");

        Client.subscribed(broker, "pub").send("{'type':'pub','group':'home/temp','msg':'21.5','retain':true}");

        assertEquals(List.of("21.5"), subscriber.texts());
        assertFalse(subscriber.messages().get(0).containsKey("retained"));
    }

    @Test
    void theNewestRetainedMessageWinsAndAnEmptyOneClearsItWhileStillDelivered() {
        retain("g", "1");
        retain("g", "2");
        assertEquals(List.of("2"), Client.subscribed(broker, "a", "g").texts());

        Client live = Client.subscribed(broker, "live");
        live.subscribe("g");
        Client.subscribed(broker, "pub").send("{'type':'pub','group':'g','msg':'','retain':true}");

        assertEquals(List.of("2", ""), live.texts(), "the retained one, then the empty one live");
        assertEquals(List.of(), Client.subscribed(broker, "b", "g").texts());
        assertEquals(new RetainedUsage(0, 0), broker.retained().usage());
    }

    @Test
    void aWildcardSubGetsEveryMatchingGroupButNotDollarGroups() {
        retain("a/1", "x");
        retain("a/2", "y");
        retain("$sys/a", "z");

        assertEquals(List.of("x", "y"), Client.subscribed(broker, "all", "#").texts());
        assertEquals(List.of("z"), Client.subscribed(broker, "sys", "$sys/#").texts());
    }

    @Test
    void aRetainedPubPastMaxcountGetsRetainedFullAndChangesNothing() {
        Client publisher = Client.subscribed(broker, "pub");
        Client watcher = Client.subscribed(broker, "watcher", "#");
        for (String group : List.of("a", "b", "c")) {
            publisher.send("{'type':'pub','group':'" + group + "','msg':'m','retain':true}");
        }

        publisher.send("{'type':'pub','id':'d','group':'d','msg':'m','retain':true}");

        JsonObject error = publisher.lastFrame();
        assertEquals("error", error.getString("type"));
        assertEquals("retained-full", error.getString("code"));
        assertEquals("d", error.getString("id"));
        assertTrue(error.getString("reason").contains("watchbox.retained.maxcount"), error::toString);
        assertEquals(3, watcher.texts().size(), "the refused message was not published either");
        assertEquals(List.of("a", "b", "c"), Client.subscribed(broker, "late", "#").messages().stream()
                .map(m -> m.getString("group")).toList());
        publisher.send("{'type':'pub','id':'e','group':'e','msg':'m'}");
        assertEquals("ok", publisher.lastFrame().getString("type"), "a publish without retain is not limited");
    }

    @Test
    void aRetainedPubPastMaxbytesGetsRetainedFull() {
        Client publisher = Client.subscribed(broker, "pub");

        publisher.send("{'type':'pub','group':'big','msg':'" + "x".repeat(1100) + "','retain':true}");

        assertEquals("retained-full", publisher.lastFrame().getString("code"));
        assertTrue(publisher.lastFrame().getString("reason").contains("watchbox.retained.maxbytes"));
        assertEquals(new RetainedUsage(0, 0), broker.retained().usage());
    }

    @Test
    void theServerRetainsThroughTheBrokerAndIsRefusedPastTheLimits() throws Exception {
        assertEquals(0, broker.publishRetained("a", "1"));
        broker.publishRetained("b", "1");
        broker.publishRetained("c", "1");

        assertThrows(RetainedFullException.class, () -> broker.publishRetained("d", "1"));
        assertEquals(3, broker.retained().usage().count());
        assertTrue(Client.subscribed(broker, "x", "a").messages().get(0).isNull("from"), "the server published it");
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void anMqttRetainedPublishReachesALaterJsonSubAndALaterMqttSubWithTheRetainFlag(MqttVersion version) {
        MqttClient publisher = new MqttClient(broker, version).connect("publisher");
        publisher.send(retainedPublish("home/door", "open", 1, 5));
        assertEquals(ReasonCode.SUCCESS, publisher.last(Packet.Puback.class).reason());

        Client json = Client.subscribed(broker, "json", "home/#");
        MqttClient mqtt = new MqttClient(broker, version).connect("mqtt").subscribe(2, "home/+", 1);

        assertTrue(json.messages().get(0).getBoolean("retained"));
        assertEquals("publisher", json.messages().get(0).getString("from"));
        List<Packet> afterConnack = mqtt.received().subList(1, mqtt.received().size());
        assertEquals(Packet.Suback.class, afterConnack.get(0).getClass(), "SUBACK first");
        Packet.Publish retained = (Packet.Publish) afterConnack.get(1);
        assertTrue(retained.retain());
        assertEquals("open", text(retained));
        assertEquals(1, retained.qos());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void aJsonRetainedPubReachesALaterMqttSubAndLiveMqttDeliveriesHaveRetainZero(MqttVersion version) {
        MqttClient early = new MqttClient(broker, version).connect("early").subscribe(1, "g", 0);
        Client.subscribed(broker, "pub").send("{'type':'pub','group':'g','msg':'kept','retain':true}");
        MqttClient late = new MqttClient(broker, version).connect("late").subscribe(1, "g", 0);

        assertFalse(early.last(Packet.Publish.class).retain());
        assertTrue(late.last(Packet.Publish.class).retain());
        assertEquals("kept", text(late.last(Packet.Publish.class)));
    }

    @Test
    void anMqttRetainedPublishPastTheLimitsGetsQuotaExceededInVersion5() {
        MqttClient publisher = new MqttClient(broker, MqttVersion.V5).connect("publisher");
        for (int i = 0; i < 3; i++) {
            publisher.send(retainedPublish("g" + i, "m", 1, i + 1));
        }

        publisher.send(retainedPublish("g3", "m", 1, 9));

        Packet.Puback puback = publisher.last(Packet.Puback.class);
        assertEquals(9, puback.packetId());
        assertEquals(ReasonCode.QUOTA_EXCEEDED, puback.reason());
        assertEquals(3, broker.retained().usage().count());
        assertEquals(List.of(), publisher.closeCodes());
    }

    @Test
    void anMqttRetainedPublishPastTheLimitsClosesAVersion311Connection() {
        MqttClient publisher = new MqttClient(broker, MqttVersion.V3_1_1).connect("publisher");
        for (int i = 0; i < 3; i++) {
            publisher.send(retainedPublish("g" + i, "m", 1, i + 1));
        }

        publisher.send(retainedPublish("g3", "m", 1, 9));

        assertEquals(1, publisher.closeCodes().size(), "3.1.1 has no negative PUBACK");
        assertEquals(3, broker.retained().usage().count());
    }

    @Test
    void retainHandlingSaysWhenASubscribeGetsTheRetainedMessages() {
        retain("g", "kept");
        MqttClient client = new MqttClient(broker, MqttVersion.V5).connect("c");

        client.send(subscribe(1, "g", false, 2));
        assertEquals(0, client.received(Packet.Publish.class).size(), "2: never");
        client.send(new Packet.Unsubscribe(2, List.of("g"), Properties.EMPTY));
        client.send(subscribe(3, "g", false, 1));
        assertEquals(1, client.received(Packet.Publish.class).size(), "1: for a new subscription");
        client.send(subscribe(4, "g", false, 1));
        assertEquals(1, client.received(Packet.Publish.class).size(), "1: not again for an existing one");
        client.send(subscribe(5, "g", false, 0));
        assertEquals(2, client.received(Packet.Publish.class).size(), "0: on every subscribe");
    }

    @Test
    void retainAsPublishedKeepsTheFlagOnLiveDeliveriesOfRetainedPublishes() {
        MqttClient asPublished = new MqttClient(broker, MqttVersion.V5).connect("rap");
        asPublished.send(subscribe(1, "g/#", true, 0));
        MqttClient plain = new MqttClient(broker, MqttVersion.V5).connect("plain");
        plain.send(subscribe(1, "g/#", false, 0));
        Client json = Client.subscribed(broker, "json");

        json.send("{'type':'pub','group':'g/1','msg':'r','retain':true}");
        json.send("{'type':'pub','group':'g/1','msg':'live'}");

        assertEquals(List.of(true, false), asPublished.received(Packet.Publish.class).stream().map(Packet.Publish::retain).toList());
        assertEquals(List.of(false, false), plain.received(Packet.Publish.class).stream().map(Packet.Publish::retain).toList());
    }
}
