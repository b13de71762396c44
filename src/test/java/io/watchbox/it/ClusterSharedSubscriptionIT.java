package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.watchbox.it.Mqtt5IT.Paho5;
import io.watchbox.it.Mqtt5IT.Received;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A share ({@code $share/NAME/FILTER}) whose members are on different replicas of the
 * {@link ClusterRig}: Paho 5.0 clients on Liberty A and on Payara, a JSON client on Liberty B.
 * Messages published on every replica reach the share once each, over all its members.
 */
@Tag("cluster")
@ExtendWith(ClusterRig.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterSharedSubscriptionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(1500);

    private ClusterRig rig;

    @BeforeAll
    void settle(ClusterRig shared) {
        rig = shared;
        rig.awaitSettled();
        // Paho reads the handshake's answer within 1 s: each replica's MQTT endpoint is warmed first.
        for (ClusterReplica replica : rig.replicas()) {
            HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mqtt").connectTimeout(WAIT)
                    .buildAsync(mqtt(replica), new WebSocket.Listener() { })
                    .thenCompose(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                    .orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void aShareWithMembersOnThreeReplicasGetsEveryMessageExactlyOnce() throws Exception {
        String group = Names.group("cshare");
        String share = "$share/" + Names.uid("workers") + "/" + group + "/+";
        BlockingQueue<Received> toMqtt = new LinkedBlockingQueue<>();
        List<ClusterReplica> replicas = List.of(rig.libertyA(), rig.libertyB(), rig.payara());
        try (Paho5 onA = Paho5.connect(mqtt(rig.libertyA()), Names.uid("cshare-a"), toMqtt);
             Paho5 onPayara = Paho5.connect(mqtt(rig.payara()), Names.uid("cshare-p"), toMqtt);
             RawClient onB = RawClient.connectTo(rig.libertyB().webSocket())) {
            assertEquals(1, onA.subscribe(new MqttSubscription(share, 1), null));
            assertEquals(1, onPayara.subscribe(new MqttSubscription(share, 1), null));
            onB.send("{\"type\":\"hello\",\"uid\":\"" + Names.uid("cshare-b") + "\"}");
            onB.expect("welcome");
            onB.send("{\"type\":\"sub\",\"id\":\"s\",\"group\":\"" + share + "\"}");
            onB.expect("ok");

            List<String> published = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String job = "job " + i;
                ClusterReplica on = replicas.get(i % replicas.size());
                assertEquals(202, on.post("/watchbox/api/groups/" + group + "/" + i + "/messages", job).statusCode());
                published.add(job);
            }

            List<String> gotA = new ArrayList<>();
            List<String> gotPayara = new ArrayList<>();
            List<String> gotB = new ArrayList<>();
            Runnable take = () -> {
                for (Received next = toMqtt.poll(); next != null; next = toMqtt.poll()) {
                    (next.to() == onA ? gotA : gotPayara).add(next.text());
                }
                while (onB.pending() > 0) {
                    JsonObject frame = onB.expect("msg");
                    gotB.add(frame.getString("msg"));
                }
            };
            await().atMost(WAIT).until(() -> {
                take.run();
                return gotA.size() + gotPayara.size() + gotB.size() >= published.size();
            });
            // Then nothing more: a second copy of any would come within moments.
            await().during(QUIET).atMost(QUIET.plusSeconds(10)).until(() -> {
                take.run();
                return gotA.size() + gotPayara.size() + gotB.size() == published.size();
            });

            List<String> all = new ArrayList<>(gotA);
            all.addAll(gotPayara);
            all.addAll(gotB);
            assertEquals(published.stream().sorted().toList(), all.stream().sorted().toList(),
                    "every message once over the members: A " + gotA + ", Payara " + gotPayara + ", B " + gotB);
            // A message published where a member is free goes to it: each replica took some.
            assertFalse(gotA.isEmpty() || gotPayara.isEmpty() || gotB.isEmpty(),
                    "A " + gotA + ", Payara " + gotPayara + ", B " + gotB);
            String body = rig.libertyA().get("/watchbox/api/stats").body();
            try (var reader = Json.createReader(new StringReader(body))) {
                JsonObject sums = reader.readObject();
                assertEquals(0, sums.getJsonNumber("claimsUnanswered").longValue(), body);
                assertEquals(0, sums.getJsonNumber("sharedLost").longValue(), body);
            }
        }
    }

    private static URI mqtt(ClusterReplica replica) {
        return URI.create(replica.baseUrl().replaceFirst("^http", "ws") + "/watchbox/mqtt");
    }
}
