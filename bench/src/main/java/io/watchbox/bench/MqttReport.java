package io.watchbox.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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

    /** The runs of a workload, system, size and QoS. */
    private Runs runs(String workload, String system, String n, String qos) {
        return Runs.of(rows, r -> workload.equals(r.get("workload")) && system.equals(r.get("system"))
                && n.equals(r.get("n")) && qos.equals(r.get("qos")));
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
        t.append("Medians of the runs, with the lowest and highest in brackets; the ratios are of medians.\n\n");
        t.append("| workload | QoS | subscribers | system | runs | messages/s | delivered/s | server CPU µs/delivery |"
                + " frames/s | p50 µs | p99 µs | lost, all runs | generator CPU µs/delivery |"
                + " delivered/s over mosquitto's | server CPU/delivery over mosquitto's |\n");
        t.append("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<Runs> closed = new ArrayList<>();
        for (String workload : List.of("mqtt-fanout", "mqtt-many")) {
            for (String[] c : cases(workload)) {
                Runs mq = runs(workload, MOSQUITTO, c[0], c[1]);
                for (String system : List.of(WATCHBOX, MOSQUITTO)) {
                    Runs row = runs(workload, system, c[0], c[1]);
                    if (row.isEmpty()) {
                        continue;
                    }
                    closed.add(row);
                    boolean watchbox = system.equals(WATCHBOX);
                    t.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            workload.equals("mqtt-fanout") ? "fan-out" : "many-to-many, " + perGroup(row) + " per group",
                            c[1], c[0], system, row.countCell(), Report.fmt(row.median("published_per_s")),
                            row.spread("delivered_per_s"), row.spread("server_cpu_us_per_delivery"),
                            Report.fmt(row.median("frames_per_s")), row.spread("p50_us"), row.spread("p99_us"),
                            Report.fmt(row.sum("lost")), Report.fmt(row.median("generator_cpu_us_per_delivery")),
                            watchbox ? Report.ratio(row, mq, "delivered_per_s") : "",
                            watchbox ? Report.ratio(row, mq, "server_cpu_us_per_delivery") : ""));
                }
            }
        }
        t.append(Report.busyNote(closed));
        if (!cases("mqtt-openloop").isEmpty()) {
            t.append("\n### MQTT over WebSocket, open loop (fan-out at a fixed offered rate: half the slower"
                    + " system's closed-loop fan-out 100 at that QoS)\n\n");
            t.append("| QoS | subscribers | system | runs | offered deliveries/s | delivered/s | server CPU µs/delivery |"
                    + " frames/s | p50 µs | p99 µs | p99.9 µs | lost, all runs | p99 over mosquitto's |"
                    + " server CPU/delivery over mosquitto's |\n");
            t.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            List<Runs> open = new ArrayList<>();
            for (String[] c : cases("mqtt-openloop")) {
                Runs mq = runs("mqtt-openloop", MOSQUITTO, c[0], c[1]);
                for (String system : List.of(WATCHBOX, MOSQUITTO)) {
                    Runs row = runs("mqtt-openloop", system, c[0], c[1]);
                    if (row.isEmpty()) {
                        continue;
                    }
                    open.add(row);
                    boolean watchbox = system.equals(WATCHBOX);
                    t.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            c[1], c[0], system, row.countCell(), row.first("offered_per_s").orElse("?"),
                            row.spread("delivered_per_s"), row.spread("server_cpu_us_per_delivery"),
                            Report.fmt(row.median("frames_per_s")), row.spread("p50_us"), row.spread("p99_us"),
                            row.spread("p999_us"), Report.fmt(row.sum("lost")),
                            watchbox ? Report.ratio(row, mq, "p99_us") : "",
                            watchbox ? Report.ratio(row, mq, "server_cpu_us_per_delivery") : ""));
                }
            }
            t.append(Report.busyNote(open));
        }
        return t.toString();
    }

    /**
     * Watchbox over Mosquitto, medians: delivered/s of every closed-loop case ({@code mqtt_fanout100_q0_ratio},
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
        s.append(" busy_runs=").append(rows.stream().filter(Runs::isBusy).count());
        return s.toString();
    }

    private String ratio(String workload, String[] c, String key) {
        return Report.ratio(runs(workload, WATCHBOX, c[0], c[1]), runs(workload, MOSQUITTO, c[0], c[1]), key);
    }

    private static String perGroup(Runs row) {
        try {
            return String.valueOf(Integer.parseInt(row.first("n").orElseThrow())
                    / Integer.parseInt(row.first("groups").orElseThrow()));
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
