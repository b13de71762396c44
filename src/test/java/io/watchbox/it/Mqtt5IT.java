package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

/** MQTT 5.0 features with Eclipse Paho's mqttv5 client: shared subscriptions, topic aliases, No Local, subscription identifiers. */
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
            return connect(MqttIT.mqttUri(), clientId, received);
        }

        /** {@link #connect(String, BlockingQueue)} to the server at this MQTT endpoint (a replica of a cluster). */
        static Paho5 connect(URI endpoint, String clientId, BlockingQueue<Received> received) throws MqttException {
            Paho5 paho = new Paho5(new MqttAsyncClient(endpoint.toString(), clientId, new MemoryPersistence()), received);
            paho.client.setCallback(new MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    paho.received.add(new Received(paho, topic, message));
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setKeepAliveInterval(2); // within the IT server's session timeout
            // The test gives its own identifiers; Paho would otherwise number the subscriptions itself.
            options.setUseSubscriptionIdentifiers(false);
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
