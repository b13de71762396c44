package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retained messages (contract v3) across both protocols and REST: retained from each source,
 * received by later subscriptions of the others marked as retained, cleared by an empty message,
 * bounded by watchbox.retained.maxcount and .maxbytes (the IT servers: 20 and 8192), and listed
 * and cleared by admins. Each test leaves no retained message behind, so that no other test's
 * wildcard subscription receives one.
 */
class RetainedIT {

    private static final long WAIT = RawClient.WAIT.toSeconds();

    @AfterEach
    void clearEveryRetainedMessage() {
        assertEquals(200, Server.delete("/retained").statusCode());
    }

    private static HttpResponse<String> restRetain(String group, String msg) {
        return Server.post("/groups/" + group + "/messages?retain=true", "text/plain", msg);
    }

    private static RawClient subscribedJson(String filter) {
        RawClient json = RawClient.hello(Names.uid("json"));
        json.send("{\"type\":\"sub\",\"id\":\"s\",\"group\":\"" + filter + "\"}");
        assertEquals("s", json.expect("ok").getString("id"));
        return json;
    }

    private static JsonArray retainedList() {
        HttpResponse<String> response = Server.get("/retained");
        assertEquals(200, response.statusCode(), response::body);
        return Server.json(response.body()).asJsonArray();
    }

    private static JsonObject listed(String group) {
        return retainedList().stream().map(v -> v.asJsonObject())
                .filter(m -> m.getString("group").equals(group)).findFirst().orElse(null);
    }

    @Test
    void aRestRetainedMessageReachesLaterJsonAndMqttSubscriptionsMarkedRetainedAndLiveOnesAreNot() throws Exception {
        String parent = Names.group("rest");
        String group = parent + "/temp";
        assertEquals(202, restRetain(group, "21.5").statusCode());

        try (RawClient json = subscribedJson(parent + "/+");
             Paho3 v3 = Paho3.connect(Names.uid("r3")); Paho5 v5 = Paho5.connect(Names.uid("r5"))) {
            JsonObject retained = json.expect("msg");
            assertEquals(group, retained.getString("group"));
            assertEquals("21.5", retained.getString("msg"));
            assertTrue(retained.isNull("from"));
            assertTrue(retained.getBoolean("retained"));
            v3.subscribe(group);
            assertEquals(new Got(group, "21.5", true), v3.next());
            v5.subscribe(parent + "/#");
            assertEquals(new Got(group, "21.5", true), v5.next());

            assertEquals(3, Server.publish(group, "22.0"));
            JsonObject live = json.expect("msg");
            assertEquals("22.0", live.getString("msg"));
            assertFalse(live.containsKey("retained"));
            assertEquals(new Got(group, "22.0", false), v3.next());
            assertEquals(new Got(group, "22.0", false), v5.next());
        }
    }

    @Test
    void aJsonRetainedPubReachesLaterMqttSubscriptionsAndTheAdminList() throws Exception {
        String group = Names.group("json");
        String uid = Names.uid("pub");
        try (RawClient publisher = RawClient.hello(uid)) {
            publisher.send("{\"type\":\"pub\",\"id\":\"p\",\"group\":\"" + group + "\",\"msg\":\"kept\",\"retain\":true}");
            assertEquals(0, publisher.expect("ok").getInt("delivered"));
        }
        JsonObject listed = listed(group);
        assertNotNull(listed, () -> "not in GET /retained: " + group);
        assertEquals("kept", listed.getString("msg"));
        assertEquals(uid, listed.getString("from"));
        assertEquals(group.length() + 4, listed.getInt("bytes"));
        assertEquals(1, listed.getInt("qos"), "a JSON publish counts as QoS 1");
        try (Paho3 v3 = Paho3.connect(Names.uid("j3")); Paho5 v5 = Paho5.connect(Names.uid("j5"))) {
            v3.subscribe(group);
            v5.subscribe(group);
            assertEquals(new Got(group, "kept", true), v3.next());
            assertEquals(new Got(group, "kept", true), v5.next());
        }
    }

    @Test
    void mqttRetainedPublishesOfBothVersionsReachALaterJsonSubscription() throws Exception {
        String parent = Names.group("mqtt");
        String id3 = Names.uid("m3");
        String id5 = Names.uid("m5");
        try (Paho3 v3 = Paho3.connect(id3); Paho5 v5 = Paho5.connect(id5)) {
            v3.publish(parent + "/a", "from 3.1.1", true);
            assertEquals(0, v5.publish(parent + "/b", "from 5.0", true));
        }
        try (RawClient json = subscribedJson(parent + "/#")) {
            JsonObject first = json.expect("msg");
            JsonObject second = json.expect("msg");
            assertEquals(List.of("from 3.1.1", id3, "from 5.0", id5),
                    List.of(first.getString("msg"), first.getString("from"), second.getString("msg"), second.getString("from")));
            assertTrue(first.getBoolean("retained") && second.getBoolean("retained"));
        }
    }

    @Test
    void anEmptyRetainedMessageFromAnySourceClearsTheGroup() throws Exception {
        String byMqtt = Names.group("clear3");
        String byJson = Names.group("clearjson");
        String byRest = Names.group("clearrest");
        for (String group : List.of(byMqtt, byJson, byRest)) {
            assertEquals(202, restRetain(group, "old").statusCode());
        }

        try (Paho3 v3 = Paho3.connect(Names.uid("c3")); RawClient json = RawClient.hello(Names.uid("cj"))) {
            v3.publish(byMqtt, "", true);
            json.send("{\"type\":\"pub\",\"id\":\"e\",\"group\":\"" + byJson + "\",\"msg\":\"\",\"retain\":true}");
            json.expect("ok");
        }
        assertEquals(202, restRetain(byRest, "").statusCode());

        for (String group : List.of(byMqtt, byJson, byRest)) {
            assertEquals(null, listed(group), group);
            try (RawClient late = subscribedJson(group)) {
                Server.publish(group, "live");
                JsonObject next = late.expect("msg");
                assertEquals("live", next.getString("msg"), "no retained message came before the live one");
            }
        }
    }

    @Test
    void pastMaxcountEverySourceGetsAClearAnswerAndTheKeptMessagesStay() throws Exception {
        assertEquals(200, Server.delete("/retained").statusCode());
        String parent = Names.group("full");
        for (int i = 0; i < Server.RETAINED_MAXCOUNT; i++) {
            assertEquals(202, restRetain(parent + "/" + i, "m" + i).statusCode());
        }
        String more = parent + "/more";

        HttpResponse<String> rest = restRetain(more, "x");
        assertEquals(409, rest.statusCode(), rest::body);
        assertEquals("retained-full", Server.json(rest.body()).asJsonObject().getString("code"));
        assertTrue(rest.body().contains("watchbox.retained.maxcount"), rest::body);
        try (RawClient json = RawClient.hello(Names.uid("fj")); Paho5 v5 = Paho5.connect(Names.uid("f5"));
             Paho3 v3 = Paho3.connect(Names.uid("f3"))) {
            json.send("{\"type\":\"pub\",\"id\":\"f\",\"group\":\"" + more + "\",\"msg\":\"x\",\"retain\":true}");
            JsonObject error = json.expect("error");
            assertEquals("retained-full", error.getString("code"));
            assertEquals("f", error.getString("id"));
            assertEquals(0x97, v5.publish(more, "x", true), "quota exceeded");
            v3.publishExpectingRefusal(more, "x");
            assertNotNull(v3.lost.get(WAIT, TimeUnit.SECONDS), "3.1.1 has no negative PUBACK: the connection closes");
        }

        HttpResponse<String> list = Server.get("/retained");
        assertEquals(String.valueOf(Server.RETAINED_MAXCOUNT), list.headers().firstValue("Watchbox-Retained-Count").orElse(null));
        assertEquals(null, listed(more));
        assertEquals("m0", listed(parent + "/0").getString("msg"));
        assertEquals(202, restRetain(parent + "/0", "replaced").statusCode(), "a kept group may still change");
    }

    @Test
    void pastMaxbytesARetainedPublishIsRefused() {
        assertEquals(200, Server.delete("/retained").statusCode());
        String parent = Names.group("bytes");
        String big = "x".repeat(Server.MAXMESSAGE - 100);
        assertEquals(202, restRetain(parent + "/1", big).statusCode());
        assertEquals(202, restRetain(parent + "/2", big).statusCode());

        HttpResponse<String> third = restRetain(parent + "/3", big);

        assertEquals(409, third.statusCode(), third::body);
        assertTrue(third.body().contains("watchbox.retained.maxbytes"), third::body);
        assertEquals(2, retainedList().size());
    }

    @Test
    void adminsPageThroughTheRetainedMessagesAndClearOneGroupOrAll() {
        assertEquals(200, Server.delete("/retained").statusCode());
        String parent = Names.group("admin");
        for (String level : List.of("a", "b", "c")) {
            assertEquals(202, restRetain(parent + "/" + level, level).statusCode());
        }

        HttpResponse<String> first = Server.get("/retained?limit=2");
        assertEquals(200, first.statusCode(), first::body);
        assertEquals("3", first.headers().firstValue("Watchbox-Retained-Count").orElse(null));
        assertEquals(List.of(parent + "/a", parent + "/b"), groups(first));
        String link = first.headers().firstValue("Link").orElseThrow();
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        HttpResponse<String> second = Server.send(HttpRequest.newBuilder(URI.create(Server.api("/retained") + "/../" + next)
                .normalize()).GET());
        assertEquals(List.of(parent + "/c"), groups(second));
        assertTrue(second.headers().firstValue("Link").isEmpty());

        assertEquals(204, Server.delete("/retained/" + parent + "/b").statusCode());
        HttpResponse<String> again = Server.delete("/retained/" + parent + "/b");
        assertEquals(404, again.statusCode());
        assertEquals("not-found", Server.json(again.body()).asJsonObject().getString("code"));
        assertEquals(400, Server.delete("/retained/" + parent + "/+").statusCode(), "a filter is no group");

        HttpResponse<String> all = Server.delete("/retained");
        assertEquals(2, Server.json(all.body()).asJsonObject().getInt("cleared"));
        assertEquals(List.of(), retainedList());
    }

    private static List<String> groups(HttpResponse<String> response) {
        return Server.json(response.body()).asJsonArray().stream().map(v -> v.asJsonObject().getString("group")).toList();
    }

    /** A message as a Paho client received it, with its RETAIN flag. */
    record Got(String topic, String text, boolean retained) {
    }

    /** Paho's MQTT 3.1.1 client, subscribing and publishing at QoS 1. */
    static final class Paho3 implements AutoCloseable {
        private final MqttClient client;
        private final BlockingQueue<Got> got = new LinkedBlockingQueue<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        private Paho3(MqttClient client) {
            this.client = client;
        }

        static Paho3 connect(String clientId) throws MqttException {
            Paho3 paho = new Paho3(new MqttClient(MqttIT.mqttUri().toString(), clientId, new MemoryPersistence()));
            paho.client.setTimeToWait(MqttIT.PAHO_WAIT_MILLIS);
            paho.client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    paho.lost.complete(cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    paho.got.add(new Got(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(true);
            options.setKeepAliveInterval(2); // within the IT server's session timeout
            paho.client.connect(options);
            return paho;
        }

        void subscribe(String filter) throws MqttException {
            assertEquals(1, client.subscribeWithResponse(filter, 1).getGrantedQos()[0]);
        }

        void publish(String topic, String text, boolean retain) throws MqttException {
            client.publish(topic, text.getBytes(StandardCharsets.UTF_8), 1, retain);
        }

        /** A retained publish the server refuses: it closes the connection, which fails the publish. */
        void publishExpectingRefusal(String topic, String text) {
            try {
                client.publish(topic, text.getBytes(StandardCharsets.UTF_8), 1, true);
            } catch (MqttException expected) {
                return;
            }
            // The PUBACK never comes; the loss is what the caller waits for.
        }

        Got next() throws InterruptedException {
            Got next = got.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(next, "no message within " + WAIT + " s");
            return next;
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    /** Paho's MQTT 5.0 client (the asynchronous one, whose tokens carry PUBACK's reason code). */
    static final class Paho5 implements AutoCloseable {
        private final MqttAsyncClient client;
        private final BlockingQueue<Got> got = new LinkedBlockingQueue<>();

        private Paho5(MqttAsyncClient client) {
            this.client = client;
        }

        static Paho5 connect(String clientId) throws org.eclipse.paho.mqttv5.common.MqttException {
            Paho5 paho = new Paho5(new MqttAsyncClient(MqttIT.mqttUri().toString(), clientId,
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence()));
            paho.client.setCallback(new Paho5Callback() {
                @Override
                public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                    paho.got.add(new Got(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained()));
                }
            });
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setKeepAliveInterval(2);
            paho.client.connect(options).waitForCompletion(WAIT * 1000);
            return paho;
        }

        void subscribe(String filter) throws org.eclipse.paho.mqttv5.common.MqttException {
            IMqttToken token = client.subscribe(new MqttSubscription(filter, 1));
            token.waitForCompletion(WAIT * 1000);
            assertEquals(1, token.getReasonCodes()[0]);
        }

        /** Publishes at QoS 1; PUBACK's reason code. */
        int publish(String topic, String text, boolean retain) {
            var message = new org.eclipse.paho.mqttv5.common.MqttMessage(text.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            message.setRetained(retain);
            try {
                IMqttToken token = client.publish(topic, message);
                token.waitForCompletion(WAIT * 1000);
                int[] codes = token.getReasonCodes();
                return codes == null || codes.length == 0 ? 0 : codes[0];
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                // Paho may report a PUBACK with an error reason code as an exception carrying it.
                return e.getReasonCode();
            }
        }

        Got next() throws InterruptedException {
            Got next = got.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(next, "no message within " + WAIT + " s");
            return next;
        }

        @Override
        public void close() throws org.eclipse.paho.mqttv5.common.MqttException {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(WAIT * 1000);
            }
            client.close();
        }
    }
}
