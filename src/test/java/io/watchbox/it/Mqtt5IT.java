package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

/**
 * MQTT 5.0 features with Eclipse Paho's mqttv5 client: shared subscriptions, topic aliases, No Local, subscription identifiers,
 * message properties, and the QoS and properties of retained messages and wills.
 */
class Mqtt5IT {

    @Test
    void aShareOfTwoClientsGivesEachAPartOfTheMessagesAndThemTogetherAll() throws Exception {
        String group = Names.group("share");
        String share = "$share/" + Names.uid("workers") + "/" + group + "/+";
        int count = 10;
        BlockingQueue<Received> both = new LinkedBlockingQueue<>();
        try (Paho5 first = Paho5.connect(Names.uid("w1"), both); Paho5 second = Paho5.connect(Names.uid("w2"), both);
             Paho5 publisher = Paho5.connect(Names.uid("boss"))) {
            assertEquals(1, first.subscribe(new MqttSubscription(share, 1), null));
            assertEquals(1, second.subscribe(new MqttSubscription(share, 1), null));

            for (int i = 0; i < count; i++) {
                publisher.publish(group + "/" + i, "job " + i, 1);
            }

            List<String> toFirst = new ArrayList<>();
            List<String> toSecond = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Received next = both.poll(RawClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(next, "only " + i + " of " + count + " messages within " + RawClient.WAIT);
                (next.to() == first ? toFirst : toSecond).add(next.text());
            }
            assertFalse(toFirst.isEmpty(), "each member gets a part: " + toSecond);
            assertFalse(toSecond.isEmpty(), "each member gets a part: " + toFirst);
            Set<String> together = new HashSet<>(toFirst);
            together.addAll(toSecond);
            assertEquals(count, together.size(), "together all, none twice: " + toFirst + " " + toSecond);
        }
    }

    @Test
    void aPublishThatUsesATopicAliasReachesItsTopic() throws Exception {
        String group = Names.group("alias");
        try (RawClient json = RawClient.hello(Names.uid("json")); Paho5 publisher = Paho5.connect(Names.uid("aliaser"))) {
            json.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
            json.expect("ok");

            // Paho gives the topic an alias on the first publish (the server announced a maximum) and sends
            // the later ones with the alias and an empty topic.
            publisher.publish(group, "one", 1);
            publisher.publish(group, "two", 1);
            publisher.publish(group, "three", 1);

            for (String text : List.of("one", "two", "three")) {
                JsonObject message = json.expect("msg");
                assertEquals(group, message.getString("group"));
                assertEquals(text, message.getString("msg"));
            }
            assertTrue(publisher.client.isConnected());
        }
    }

    @Test
    void noLocalKeepsAClientsOwnMessagesFromItsSubscription() throws Exception {
        String group = Names.group("nolocal");
        try (Paho5 chatter = Paho5.connect(Names.uid("chatter")); Paho5 other = Paho5.connect(Names.uid("other"))) {
            MqttSubscription noLocal = new MqttSubscription(group, 1);
            noLocal.setNoLocal(true);
            assertEquals(1, chatter.subscribe(noLocal, null));

            chatter.publish(group, "mine", 1);
            other.publish(group, "theirs", 1);

            Received first = chatter.next();
            assertEquals("theirs", first.text(), "its own message, published first, was not delivered back");
        }
    }

    @Test
    void aDeliveredPublishCarriesTheIdentifiersOfEveryMatchingSubscription() throws Exception {
        String group = Names.group("ids");
        try (Paho5 listener = Paho5.connect(Names.uid("ids")); Paho5 publisher = Paho5.connect(Names.uid("idpub"))) {
            assertEquals(1, listener.subscribe(new MqttSubscription(group + "/#", 1), 7));
            assertEquals(0, listener.subscribe(new MqttSubscription(group + "/+", 0), 300));

            publisher.publish(group + "/x", "both", 0);
            publisher.publish(group + "/x/y", "deep", 0);

            Received both = listener.next();
            assertEquals("both", both.text());
            assertEquals(List.of(7, 300), both.message().getProperties().getSubscriptionIdentifiers());
            Received deep = listener.next();
            assertEquals(List.of(7), deep.message().getProperties().getSubscriptionIdentifiers());
        }
    }

    @Test
    void aRequestsPropertiesReachTheResponderWhichAnswersOnTheResponseTopicWithTheCorrelationData() throws Exception {
        String requests = Names.group("requests");
        String replies = Names.group("replies");
        byte[] correlation = {7, 0, (byte) 0xFF, 42};
        try (Paho5 requester = Paho5.connect(Names.uid("requester"));
                Paho5 responder = Paho5.connect(Names.uid("responder"))) {
            assertEquals(1, requester.subscribe(new MqttSubscription(replies, 1), null));
            assertEquals(1, responder.subscribe(new MqttSubscription(requests, 1), null));

            MqttProperties asked = new MqttProperties();
            asked.setUserProperties(List.of(new UserProperty("trace", "a"), new UserProperty("tenant", "acme"),
                    new UserProperty("trace", "b")));
            asked.setResponseTopic(replies);
            asked.setCorrelationData(correlation);
            asked.setContentType("text/plain");
            asked.setPayloadFormat(true);
            asked.setMessageExpiryInterval(300L);
            requester.publish(requests, "what time is it", 1, asked);

            Received request = responder.next();
            MqttProperties got = request.message().getProperties();
            assertEquals(List.of("trace=a", "tenant=acme", "trace=b"),
                    got.getUserProperties().stream().map(p -> p.getKey() + "=" + p.getValue()).toList());
            assertEquals(replies, got.getResponseTopic());
            assertArrayEquals(correlation, got.getCorrelationData());
            assertEquals("text/plain", got.getContentType());
            assertTrue(got.getPayloadFormat());
            long left = got.getMessageExpiryInterval();
            assertTrue(left > 0 && left <= 300, "the expiry left: " + left);

            MqttProperties answer = new MqttProperties();
            answer.setCorrelationData(got.getCorrelationData());
            responder.publish(got.getResponseTopic(), "noon", 1, answer);

            Received reply = requester.next();
            assertEquals("noon", reply.text());
            assertArrayEquals(correlation, reply.message().getProperties().getCorrelationData());
        }
    }

    @Test
    void aRetainedMessageReachesALaterSubscriberAtItsQosWithItsProperties() throws Exception {
        String group = Names.group("retained");
        try (Paho5 publisher = Paho5.connect(Names.uid("publisher"))) {
            MqttProperties properties = new MqttProperties();
            properties.setUserProperties(List.of(new UserProperty("unit", "celsius")));
            properties.setContentType("text/plain");
            properties.setResponseTopic(group + "/ask");
            properties.setCorrelationData(new byte[] {1, 2, 3});
            properties.setPayloadFormat(true);
            properties.setMessageExpiryInterval(300L);
            publisher.publishRetained(group + "/at0", "21.5", 0, properties);
            publisher.publishRetained(group + "/at2", "22.0", 2, new MqttProperties());
            assertEquals(List.of(0, 2), retainedQos(group + "/at0", group + "/at2"), "GET /retained shows the QoS");
            try (Paho5 granted2 = Paho5.connect(Names.uid("granted2"));
                    Paho5 granted1 = Paho5.connect(Names.uid("granted1"))) {
                assertEquals(2, granted2.subscribe(new MqttSubscription(group + "/#", 2), null));
                assertEquals(1, granted1.subscribe(new MqttSubscription(group + "/#", 1), null));

                Received at0 = granted2.next();
                Received at2 = granted2.next();
                assertEquals(List.of("21.5", "22.0"), List.of(at0.text(), at2.text()), "sorted by topic");
                assertTrue(at0.message().isRetained());
                assertEquals(0, at0.message().getQos(), "retained at QoS 0");
                assertEquals(2, at2.message().getQos(), "retained at QoS 2, granted 2");
                assertEquals(0, granted1.next().message().getQos(), "retained at QoS 0, granted 1");
                assertEquals(1, granted1.next().message().getQos(), "retained at QoS 2, granted 1");
                MqttProperties got = at0.message().getProperties();
                assertEquals(List.of("unit=celsius"),
                        got.getUserProperties().stream().map(p -> p.getKey() + "=" + p.getValue()).toList());
                assertEquals("text/plain", got.getContentType());
                assertEquals(group + "/ask", got.getResponseTopic());
                assertArrayEquals(new byte[] {1, 2, 3}, got.getCorrelationData());
                assertTrue(got.getPayloadFormat());
                long left = got.getMessageExpiryInterval();
                assertTrue(left > 0 && left <= 300, "the expiry left: " + left);
            } finally {
                publisher.publishRetained(group + "/at0", "", 0, new MqttProperties());
                publisher.publishRetained(group + "/at2", "", 0, new MqttProperties());
            }
        }
    }

    @Test
    void aWillCarriesItsWillPropertiesLiveAndAsTheRetainedMessage() throws Exception {
        String group = Names.group("will");
        try (Paho5 watcher = Paho5.connect(Names.uid("watcher"))) {
            assertEquals(2, watcher.subscribe(new MqttSubscription(group + "/#", 2), null));
            MqttProperties willProperties = new MqttProperties();
            willProperties.setUserProperties(List.of(new UserProperty("reason", "power")));
            willProperties.setContentType("text/plain");
            willProperties.setResponseTopic(group + "/ask");
            willProperties.setCorrelationData(new byte[] {9, 8});
            willProperties.setPayloadFormat(true);
            willProperties.setMessageExpiryInterval(300L);
            Paho5 leaving = Paho5.connect(Names.uid("leaving"), new LinkedBlockingQueue<>(), options -> {
                options.setWill(group + "/status", new MqttMessage("gone".getBytes(StandardCharsets.UTF_8), 0, true, new MqttProperties()));
                options.setWillMessageProperties(willProperties);
            });
            try {
                // DISCONNECT with reason 0x04, Disconnect with Will Message: the will is published at once.
                leaving.client.disconnect(0, null, null, 0x04, new MqttProperties()).waitForCompletion(Paho5.WAIT_MILLIS);
            } finally {
                leaving.client.close();
            }

            Received live = watcher.next();
            assertEquals("gone", live.text());
            assertEquals(0, live.message().getQos(), "the will's QoS");
            assertWillProperties(group, live.message().getProperties());
            try (Paho5 later = Paho5.connect(Names.uid("later"))) {
                assertEquals(2, later.subscribe(new MqttSubscription(group + "/#", 2), null));
                Received retained = later.next();
                assertTrue(retained.message().isRetained());
                assertEquals(0, retained.message().getQos());
                assertWillProperties(group, retained.message().getProperties());
            } finally {
                watcher.publishRetained(group + "/status", "", 0, new MqttProperties());
            }
        }
    }

    /** The {@code qos} of these groups' retained messages in {@code GET /retained}. */
    private static List<Integer> retainedQos(String... groups) {
        HttpResponse<String> response = Server.get("/retained?limit=10000");
        assertEquals(200, response.statusCode(), response::body);
        List<JsonObject> listed = Server.json(response.body()).asJsonArray().stream().map(v -> v.asJsonObject()).toList();
        return List.of(groups).stream().map(group -> listed.stream().filter(m -> m.getString("group").equals(group))
                .findFirst().orElseThrow(() -> new AssertionError(group + " not in GET /retained")).getInt("qos")).toList();
    }

    private static void assertWillProperties(String group, MqttProperties got) {
        assertEquals(List.of("reason=power"), got.getUserProperties().stream().map(p -> p.getKey() + "=" + p.getValue()).toList());
        assertEquals("text/plain", got.getContentType());
        assertEquals(group + "/ask", got.getResponseTopic());
        assertArrayEquals(new byte[] {9, 8}, got.getCorrelationData());
        assertTrue(got.getPayloadFormat());
        long left = got.getMessageExpiryInterval();
        assertTrue(left > 0 && left <= 300, "the expiry left: " + left);
    }

    record Received(Paho5 to, String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }
    }

    /** Paho's asynchronous 5.0 client, which takes subscription properties, waited on for each call. */
    static final class Paho5 implements AutoCloseable {
        private static final long WAIT_MILLIS = RawClient.WAIT.toMillis();
        final MqttAsyncClient client;
        private final BlockingQueue<Received> received;

        private Paho5(MqttAsyncClient client, BlockingQueue<Received> received) {
            this.client = client;
            this.received = received;
        }

        static Paho5 connect(String clientId) throws MqttException {
            return connect(clientId, new LinkedBlockingQueue<>());
        }

        /** A client whose messages go to the given queue, which other clients may share. */
        static Paho5 connect(String clientId, BlockingQueue<Received> received) throws MqttException {
            return connect(MqttIT.mqttUri(), clientId, received, options -> { });
        }

        /** {@link #connect(String, BlockingQueue)} to the server at this MQTT endpoint (a replica of a cluster). */
        static Paho5 connect(URI endpoint, String clientId, BlockingQueue<Received> received) throws MqttException {
            return connect(endpoint, clientId, received, options -> { });
        }

        /** {@link #connect(String, BlockingQueue)} with connect options of the test's own (a will). */
        static Paho5 connect(String clientId, BlockingQueue<Received> received, Consumer<MqttConnectionOptions> more)
                throws MqttException {
            return connect(MqttIT.mqttUri(), clientId, received, more);
        }

        private static Paho5 connect(URI endpoint, String clientId, BlockingQueue<Received> received,
                                     Consumer<MqttConnectionOptions> more) throws MqttException {
            Paho5 paho = new Paho5(new MqttAsyncClient(endpoint.toString(), clientId, new MemoryPersistence()), received);
            paho.client.setCallback(new Paho5Callback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    paho.received.add(new Received(paho, topic, message));
                }
            });
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setKeepAliveInterval(2); // within the IT server's session timeout
            // The test gives its own identifiers; Paho would otherwise number the subscriptions itself.
            options.setUseSubscriptionIdentifiers(false);
            more.accept(options);
            paho.client.connect(options).waitForCompletion(WAIT_MILLIS);
            return paho;
        }

        /** Subscribes, with a Subscription Identifier unless null; the SUBACK's reason code. */
        int subscribe(MqttSubscription subscription, Integer identifier) throws MqttException {
            MqttProperties properties = new MqttProperties();
            if (identifier != null) {
                properties.setSubscriptionIdentifier(identifier);
            }
            IMqttToken token = client.subscribe(new MqttSubscription[] {subscription}, null, null, properties);
            token.waitForCompletion(WAIT_MILLIS);
            return token.getReasonCodes()[0];
        }

        void publish(String topic, String text, int qos) throws MqttException {
            client.publish(topic, text.getBytes(StandardCharsets.UTF_8), qos, false).waitForCompletion(WAIT_MILLIS);
        }

        /** Publishes with these PUBLISH properties. */
        void publish(String topic, String text, int qos, MqttProperties properties) throws MqttException {
            MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8), qos, false, properties);
            client.publish(topic, message).waitForCompletion(WAIT_MILLIS);
        }

        /** Publishes with RETAIN and these PUBLISH properties; an empty text clears the topic's retained message. */
        void publishRetained(String topic, String text, int qos, MqttProperties properties) throws MqttException {
            MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8), qos, true, properties);
            client.publish(topic, message).waitForCompletion(WAIT_MILLIS);
        }

        Received next() throws InterruptedException {
            Received next = received.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            assertNotNull(next, "no message within " + RawClient.WAIT);
            return next;
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(WAIT_MILLIS);
            }
            client.close();
        }
    }
}
