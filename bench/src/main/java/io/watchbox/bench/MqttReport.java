package io.watchbox.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MQTT rows of one run ({@link MqttWorkload}'s result lines): prints their tables, writes them
 * into docs/benchmarks.md between the MQTT results markers, and ends with one summary line of
 * Watchbox-over-Mosquitto ratios. The other rows of the results file are {@link Report}'s.
 *
 * <p>Usage: {@code MqttReport RESULTS_FILE DOCS_DIR "COMMAND" "MACHINE"}
 */
public final class MqttReport {

    private static final String START = "<!-- mqtt-results:start -->";
    private static final String END = "<!-- mqtt-results:end -->";
    private static final String WATCHBOX = "watchbox";
    private static final String MOSQUITTO = "mosquitto";

    private final List<Map<String, String>> rows;

    MqttReport(List<Map<String, String>> rows) {
        this.rows = rows.stream().filter(r -> r.getOrDefault("workload", "").startsWith("mqtt-")).toList();
    }

    public static void main(String[] argv) throws IOException {
        MqttReport report = new MqttReport(ResultFile.read(Path.of(argv[0])));
        String tables = report.tables();
        System.out.print(tables);
        Report.replaceBetween(Path.of(argv[1]).resolve("benchmarks.md"), START, END,
                "\n\nLatest run: `" + argv[2] + "` on " + argv[3] + "\n" + tables + "\n`" + report.summary() + "`\n\n");
        System.out.println(report.summary());
    }

    /** The last row of a workload, system, size and QoS. */
    private Optional<Map<String, String>> find(String workload, String system, String n, String qos) {
        return rows.stream().filter(r -> workload.equals(r.get("workload")) && system.equals(r.get("system"))
                && n.equals(r.get("n")) && qos.equals(r.get("qos"))).reduce((a, b) -> b);
    }

    /** The (size, QoS) pairs a workload ran at, by size, then QoS. */
    private List<String[]> cases(String workload) {
        List<String[]> cases = new ArrayList<>();
        rows.stream().filter(r -> workload.equals(r.get("workload")))
                .map(r -> new String[] {r.get("n"), r.get("qos")})
                .sorted(Comparator.<String[]>comparingInt(c -> Integer.parseInt(c[0]))
                        .thenComparingInt(c -> Integer.parseInt(c[1])))
                .forEach(c -> {
                    if (cases.stream().noneMatch(d -> d[0].equals(c[0]) && d[1].equals(c[1]))) {
                        cases.add(c);
                    }
                });
        return cases;
    }

    String tables() {
        StringBuilder t = new StringBuilder();
        t.append("\n### MQTT over WebSocket, closed loop (MQTT 3.1.1, 64-byte payloads, the same client on both)\n\n");
        t.append("| workload | QoS | subscribers | system | messages/s | delivered/s | frames/s | p50 µs | p99 µs |"
                + " lost | server CPU µs/delivery | generator CPU µs/delivery | delivered/s over mosquitto's |"
                + " server CPU/delivery over mosquitto's |\n");
        t.append("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String workload : List.of("mqtt-fanout", "mqtt-many")) {
            for (String[] c : cases(workload)) {
                var mq = find(workload, MOSQUITTO, c[0], c[1]);
                for (var row : List.of(find(workload, WATCHBOX, c[0], c[1]), mq)) {
                    if (row.isEmpty()) {
                        continue;
                    }
                    boolean watchbox = row != mq;
                    t.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            workload.equals("mqtt-fanout") ? "fan-out" : "many-to-many, " + perGroup(row.get()) + " per group",
                            c[1], c[0], row.get().get("system"), fmt(row, "published_per_s"), fmt(row, "delivered_per_s"),
                            fmt(row, "frames_per_s"), fmt(row, "p50_us"), fmt(row, "p99_us"), fmt(row, "lost"),
                            fmt(row, "server_cpu_us_per_delivery"), fmt(row, "generator_cpu_us_per_delivery"),
                            watchbox ? ratio(row, mq, "delivered_per_s") : "",
                            watchbox ? ratio(row, mq, "server_cpu_us_per_delivery") : ""));
                }
            }
        }
        if (!cases("mqtt-openloop").isEmpty()) {
            t.append("\n### MQTT over WebSocket, open loop (fan-out at a fixed offered rate: half the slower"
                    + " system's closed-loop fan-out 100 at that QoS)\n\n");
            t.append("| QoS | subscribers | system | offered deliveries/s | delivered/s | frames/s | p50 µs | p99 µs |"
                    + " p99.9 µs | lost | server CPU µs/delivery | p99 over mosquitto's | server CPU/delivery over mosquitto's |\n");
            t.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (String[] c : cases("mqtt-openloop")) {
                var mq = find("mqtt-openloop", MOSQUITTO, c[0], c[1]);
                for (var row : List.of(find("mqtt-openloop", WATCHBOX, c[0], c[1]), mq)) {
                    if (row.isEmpty()) {
                        continue;
                    }
                    boolean watchbox = row != mq;
                    t.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            c[1], c[0], row.get().get("system"), fmt(row, "offered_per_s"), fmt(row, "delivered_per_s"),
                            fmt(row, "frames_per_s"), fmt(row, "p50_us"), fmt(row, "p99_us"), fmt(row, "p999_us"),
                            fmt(row, "lost"), fmt(row, "server_cpu_us_per_delivery"),
                            watchbox ? ratio(row, mq, "p99_us") : "",
                            watchbox ? ratio(row, mq, "server_cpu_us_per_delivery") : ""));
                }
            }
        }
        return t.toString();
    }

    /**
     * Watchbox over Mosquitto: delivered/s of every closed-loop case ({@code mqtt_fanout100_q0_ratio},
     * {@code mqtt_m2m_q1_ratio}, ...), server CPU per delivery at fan-out 100 ({@code mqtt_cpu_fanout100_q0_ratio})
     * and the open loop's p99 ({@code mqtt_p99_q0_ratio}).
     */
    String summary() {
        StringBuilder s = new StringBuilder("summary-mqtt");
        for (String[] c : cases("mqtt-fanout")) {
            s.append(String.format(" mqtt_fanout%s_q%s_ratio=%s", c[0], c[1], ratio("mqtt-fanout", c, "delivered_per_s")));
        }
        for (String[] c : cases("mqtt-many")) {
            s.append(String.format(" mqtt_m2m_q%s_ratio=%s", c[1], ratio("mqtt-many", c, "delivered_per_s")));
        }
        for (String[] c : cases("mqtt-fanout")) {
            if (c[0].equals("100")) {
                s.append(String.format(" mqtt_cpu_fanout100_q%s_ratio=%s", c[1],
                        ratio("mqtt-fanout", c, "server_cpu_us_per_delivery")));
            }
        }
        for (String[] c : cases("mqtt-openloop")) {
            s.append(String.format(" mqtt_p99_q%s_ratio=%s", c[1], ratio("mqtt-openloop", c, "p99_us")));
        }
        return s.toString();
    }

    private String ratio(String workload, String[] c, String key) {
        return ratio(find(workload, WATCHBOX, c[0], c[1]), find(workload, MOSQUITTO, c[0], c[1]), key);
    }

    private static String ratio(Optional<Map<String, String>> a, Optional<Map<String, String>> b, String key) {
        return Report.ratio(Report.num(a, key), Report.num(b, key));
    }

    private static String fmt(Optional<Map<String, String>> row, String key) {
        return Report.fmt(Report.num(row, key));
    }

    private static String perGroup(Map<String, String> row) {
        try {
            return String.valueOf(Integer.parseInt(row.get("n")) / Integer.parseInt(row.get("groups")));
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
