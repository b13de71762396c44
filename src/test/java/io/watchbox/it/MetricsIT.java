package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile Metrics at the server's {@code /metrics}, in Prometheus text (contract v2,
 * observability): Watchbox's counters, gauges and latency timer are there, and move after a
 * publish; MQTT clients are counted apart.
 */
class MetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    static final List<String> NAMES = List.of("watchbox_sessions", "watchbox_connected", "watchbox_sockets",
            "watchbox_sessions_mqtt", "watchbox_connected_mqtt",
            "watchbox_queued_bytes", "watchbox_event_backlog", "watchbox_events_dropped_total", "watchbox_published_total", "watchbox_delivered_total",
            "watchbox_dropped_total", "watchbox_frames_sent_total", "watchbox_send_latency_seconds_count",
            "watchbox_relayed_total", "watchbox_not_relayed_total", "watchbox_received_total", "watchbox_missed_total",
            "watchbox_relay_ignored_total", "watchbox_relay_calls_failed_total", "watchbox_relay_not_sent_total",
            "watchbox_relay_not_let_go_total", "watchbox_cluster_missing_answers_total",
            "watchbox_relay_claims_unanswered_total", "watchbox_shared_lost_total",
            "watchbox_relay_outage_held_total", "watchbox_relay_outage_relayed_total", "watchbox_relay_outage_dropped_total",
            "watchbox_cluster_replicas", "watchbox_cluster_sessions", "watchbox_cluster_connected",
            "watchbox_cluster_replicas_missing");

    @Test
    void everyWatchboxMetricIsThereInPrometheusText() {
        HttpResponse<String> response = scrape();

        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                () -> response.headers().map().toString());
        Map<String, Double> metrics = PrometheusText.parse(response.body());
        for (String name : NAMES) {
            assertTrue(metrics.containsKey(name), () -> name + " is missing from:\n" + watchboxLines(response.body()));
        }
        assertEquals(1.0, metrics.get("watchbox_cluster_replicas").doubleValue(), "a single node is a cluster of one");
        assertEquals(0.0, metrics.get("watchbox_cluster_replicas_missing").doubleValue());
        for (String clusterOnly : List.of("watchbox_relay_ignored_total", "watchbox_relay_calls_failed_total",
                "watchbox_relay_not_sent_total", "watchbox_relay_not_let_go_total", "watchbox_cluster_missing_answers_total",
                "watchbox_relay_claims_unanswered_total", "watchbox_shared_lost_total")) {
            assertEquals(0.0, metrics.get(clusterOnly).doubleValue(), clusterOnly + " on a single node");
        }
    }

    @Test
    void countersAndTheLatencyMoveAfterAPublish() {
        String group = Names.group("metrics");
        try (RawClient subscriber = RawClient.hello(Names.uid("metrics"))) {
            subscriber.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
            subscriber.expect("ok");
            Map<String, Double> before = PrometheusText.parse(scrape().body());
            assertTrue(before.get("watchbox_connected") >= 1, () -> "connected: " + before.get("watchbox_connected"));

            for (int i = 0; i < 3; i++) {
                assertEquals(1, Server.publish(group, "m" + i));
            }
            for (int i = 0; i < 3; i++) {
                subscriber.expect("msg");
            }

            // Counters follow the broker's totals once a second; other tests may only add to them.
            await().atMost(WAIT).untilAsserted(() -> {
                Map<String, Double> after = PrometheusText.parse(scrape().body());
                for (String counter : List.of("watchbox_published_total", "watchbox_delivered_total",
                        "watchbox_frames_sent_total", "watchbox_send_latency_seconds_count")) {
                    assertTrue(after.get(counter) >= before.get(counter) + 3,
                            () -> counter + ": " + before.get(counter) + " then " + after.get(counter));
                }
                assertTrue(after.get("watchbox_send_latency_seconds_sum") > before.get("watchbox_send_latency_seconds_sum"));
            });
        }
    }

    @Test
    void anMqttClientIsCountedAmongTheSessionsAndApartWhileConnected() throws Exception {
        double during;
        try (MqttIT.V3 mqtt = MqttIT.V3.connect(Names.uid("metrics-mqtt"))) {
            Map<String, Double> connected = PrometheusText.parse(scrape().body());
            during = connected.get("watchbox_connected_mqtt");
            assertTrue(during >= 1, connected::toString);
            assertTrue(connected.get("watchbox_sessions_mqtt") >= during, connected::toString);
            assertTrue(connected.get("watchbox_sessions") >= connected.get("watchbox_sessions_mqtt"), connected::toString);
            assertTrue(connected.get("watchbox_connected") >= during, connected::toString);
            JsonObject stats = Server.json(Server.get("/stats").body()).asJsonObject();
            assertTrue(stats.getJsonNumber("mqttConnected").longValue() >= 1, stats::toString);
            assertTrue(stats.getJsonNumber("mqttSessions").longValue() >= 1, stats::toString);
        }
        // Gauges are read when scraped; the tests run one at a time, so no other MQTT client came meanwhile.
        await().atMost(WAIT).until(() -> PrometheusText.parse(scrape().body()).get("watchbox_connected_mqtt") <= during - 1);
    }

    private static HttpResponse<String> scrape() {
        HttpResponse<String> response = Server.send(HttpRequest.newBuilder(URI.create(Server.baseUrl() + "/metrics"))
                .header("Accept", "text/plain").GET());
        assertEquals(200, response.statusCode(), response::body);
        return response;
    }

    private static String watchboxLines(String body) {
        return body.lines().filter(l -> l.contains("watchbox")).collect(Collectors.joining("\n"));
    }

    /**
     * The samples of a Prometheus text exposition by metric name, summed over their labels (which
     * makes sense for counters, gauges and a summary's _count and _sum, not for its quantiles).
     */
    static final class PrometheusText {
        private PrometheusText() {
        }

        static Map<String, Double> parse(String body) {
            return body.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(PrometheusText::sample)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Double::sum));
        }

        private static Map.Entry<String, Double> sample(String line) {
            int labels = line.indexOf('{');
            int space = labels >= 0 ? line.indexOf(' ', line.indexOf('}', labels)) : line.indexOf(' ');
            String name = line.substring(0, labels >= 0 ? labels : space);
            String[] rest = line.substring(space + 1).trim().split(" ");
            return Map.entry(name, Double.parseDouble(rest[0]));
        }
    }
}
