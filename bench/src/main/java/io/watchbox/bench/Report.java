package io.watchbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Reads the result lines of one run and prints the tables, draws the plots and writes the figures
 * into docs/benchmarks.md between its results markers; ends with the one summary line.
 *
 * <p>Usage: {@code Report RESULTS_FILE DOCS_DIR "COMMAND" "MACHINE"}
 */
public final class Report {

    private static final String START = "<!-- results:start -->";
    private static final String END = "<!-- results:end -->";

    private final List<Map<String, String>> rows = new ArrayList<>();

    public static void main(String[] argv) throws IOException {
        Report report = new Report();
        report.rows.addAll(ResultFile.read(Path.of(argv[0])));
        Path docs = Path.of(argv[1]);
        String tables = report.tables();
        System.out.print(tables);
        report.plots(docs);
        String jmh = "";
        if (argv.length > 4 && !argv[4].isEmpty() && Files.exists(Path.of(argv[4]))) {
            jmh = "\n### JMH hot paths (ops/s, higher is better)\n\n```\n"
                    + Files.readString(Path.of(argv[4])).strip() + "\n```\n";
            System.out.print(jmh);
        }
        report.updateDoc(docs.resolve("benchmarks.md"), argv[2], argv[3], tables + jmh);
        System.out.println(report.summary());
    }

    private Optional<Map<String, String>> find(String workload, String system, String key, String value) {
        return rows.stream().filter(r -> workload.equals(r.get("workload")) && system.equals(r.get("system"))
                && (key == null || value.equals(r.get(key)))).reduce((a, b) -> b);
    }

    static double num(Optional<Map<String, String>> row, String key) {
        try {
            return row.map(r -> r.get(key)).map(Double::parseDouble).orElse(Double.NaN);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "n/a" : String.format("%.2f", a / b);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.2f", v);
    }

    private List<String> fanoutSizes(String workload) {
        return rows.stream().filter(r -> workload.equals(r.get("workload"))).map(r -> r.get("n")).distinct()
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))).toList();
    }

    /** Watchbox on Payara Micro, the third system of a run. */
    static final String PAYARA = "watchbox-payara";
    private static final List<String> SYSTEMS = List.of("watchbox", PAYARA, "mosquitto");

    String tables() {
        StringBuilder t = new StringBuilder();
        t.append("\n### Fan-out and many-to-many (64-byte messages, closed loop)\n\n");
        t.append("| workload | subscribers | system | delivered/s | frames/s | write syscalls/delivery | p50 µs | p99 µs |"
                + " p99.9 µs | lost | server CPU µs/delivery | generator CPU µs/delivery |"
                + " delivered/s over mosquitto's | p99 over mosquitto's |\n");
        t.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String workload : List.of("fanout", "many")) {
            for (String n : fanoutSizes(workload)) {
                var wb = find(workload, "watchbox", "n", n);
                var py = find(workload, PAYARA, "n", n);
                var mq = find(workload, "mosquitto", "n", n);
                for (var row : List.of(wb, py, mq)) {
                    if (row.isEmpty()) {
                        continue;
                    }
                    boolean watchbox = row != mq;
                    t.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            workload.equals("fanout") ? "fan-out" : "many-to-many, 10 per group", n,
                            row.get().get("system"),
                            fmt(num(row, "delivered_per_s")), fmt(num(row, "frames_per_s")), writeSyscalls(row.get()),
                            fmt(num(row, "p50_us")), fmt(num(row, "p99_us")),
                            fmt(num(row, "p999_us")), fmt(num(row, "lost")),
                            row.get().getOrDefault("server_cpu_us_per_delivery", "n/a"),
                            row.get().getOrDefault("generator_cpu_us_per_delivery", "n/a"),
                            watchbox ? ratio(num(row, "delivered_per_s"), num(mq, "delivered_per_s")) : "",
                            watchbox ? ratio(num(row, "p99_us"), num(mq, "p99_us")) : ""));
                }
            }
        }
        if (rows.stream().anyMatch(r -> "openloop".equals(r.get("workload")))) {
            t.append("\n### Open-loop latency (fan-out, fixed offered rate: half the slower system's closed-loop fan-out 100)\n\n");
            t.append("| system | subscribers | offered deliveries/s | delivered/s | write syscalls/delivery | p50 µs | p99 µs |"
                    + " p99.9 µs | lost | p99 over mosquitto's |\n");
            t.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            var mqOpen = find("openloop", "mosquitto", null, null);
            for (String system : SYSTEMS) {
                var row = find("openloop", system, null, null);
                row.ifPresent(r -> t.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        system, r.get("n"), r.get("offered_per_s"), fmt(num(row, "delivered_per_s")), writeSyscalls(r),
                        fmt(num(row, "p50_us")), fmt(num(row, "p99_us")), fmt(num(row, "p999_us")), fmt(num(row, "lost")),
                        system.equals("mosquitto") ? "" : ratio(num(row, "p99_us"), num(mqOpen, "p99_us")))));
            }
        }
        t.append("\n### Idle subscribed clients (after a full GC)\n\n");
        t.append("| system | clients | connected | errors | heap/client KiB | RSS/client KiB | RSS before MiB | RSS after MiB |\n");
        t.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String system : SYSTEMS) {
            find("idle", system, null, null).ifPresent(r -> t.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    system, r.get("n"), r.get("connected"), r.get("errors"),
                    SystemUnderTest.isWatchbox(system) ? r.get("heap_per_client_kib") : "n/a (C, no heap)",
                    r.get("rss_per_client_kib"), mib(r.get("rss_before_kib")), mib(r.get("rss_after_kib")))));
        }
        t.append("\n### Memory against listlimit (Watchbox; 1 group, sessions dropped, messages published while away)\n\n");
        t.append("| listlimit | sessions | measured (connect errors) | messages | heap KiB | heap/session KiB |"
                + " received/session | skipped/session | expected skipped |\n");
        t.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        rows.stream().filter(r -> "listlimit".equals(r.get("workload"))).forEach(r -> t.append(String.format(
                "| %s | %s | %s (%s) | %s | %s | %s | %s | %s | %s |%n", r.get("listlimit"), r.get("sessions"),
                r.getOrDefault("measured_sessions", r.get("sessions")), r.getOrDefault("connect_errors", "0"),
                r.get("messages"),
                r.get("heap_kib"), r.get("heap_per_session_kib"), r.get("received_per_session"),
                r.get("skipped_per_session"), r.get("expected_skipped"))));
        t.append("\n### Connect storm (all clients started at once)\n\n");
        t.append("| system | clients | connected | errors | connects/s | slowest connect ms |\n");
        t.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (String system : SYSTEMS) {
            find("storm", system, null, null).ifPresent(r -> t.append(String.format("| %s | %s | %s | %s | %s | %s |%n",
                    system, r.get("n"), r.get("connected"), r.get("errors"), r.get("connects_per_s"), r.get("slowest_ms"))));
        }
        var wbStorm = find("storm", "watchbox", null, null);
        var pyStorm = find("storm", PAYARA, null, null);
        var mqStorm = find("storm", "mosquitto", null, null);
        t.append(String.format("%nconnects/s watchbox/mosquitto: %s; watchbox on Payara/mosquitto: %s%n",
                ratio(num(wbStorm, "connects_per_s"), num(mqStorm, "connects_per_s")),
                ratio(num(pyStorm, "connects_per_s"), num(mqStorm, "connects_per_s"))));
        return t.toString();
    }

    /** The server's write syscalls per delivery; "n/a" for results from before it was measured. */
    private static String writeSyscalls(Map<String, String> row) {
        return row.getOrDefault("server_write_syscalls_per_delivery", "n/a");
    }

    private static String mib(String kib) {
        try {
            return String.format("%.1f", Long.parseLong(kib) / 1024.0);
        } catch (RuntimeException e) {
            return "n/a";
        }
    }

    void plots(Path docs) throws IOException {
        List<String> sizes = fanoutSizes("fanout");
        if (!sizes.isEmpty()) {
            XYChart chart = new XYChartBuilder().width(800).height(500).title("Fan-out latency vs subscribers")
                    .xAxisTitle("subscribers").yAxisTitle("latency (µs)").build();
            chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
            for (String system : SYSTEMS) {
                for (String pct : List.of("p50_us", "p99_us")) {
                    List<Double> xs = new ArrayList<>();
                    List<Double> ys = new ArrayList<>();
                    for (String n : sizes) {
                        double v = num(find("fanout", system, "n", n), pct);
                        if (!Double.isNaN(v)) {
                            xs.add(Double.parseDouble(n));
                            ys.add(Math.max(1, v));
                        }
                    }
                    if (!xs.isEmpty()) {
                        chart.addSeries(system + " " + pct.replace("_us", ""), xs, ys).setMarker(SeriesMarkers.CIRCLE);
                    }
                }
            }
            BitmapEncoder.saveBitmap(chart, docs.resolve("bench-latency.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        List<Map<String, String>> limits = rows.stream().filter(r -> "listlimit".equals(r.get("workload"))).toList();
        if (!limits.isEmpty()) {
            XYChart chart = new XYChartBuilder().width(800).height(500).title("Watchbox heap vs listlimit "
                    + "(1000 away sessions, 200 messages)").xAxisTitle("listlimit").yAxisTitle("KiB").build();
            chart.getStyler().setXAxisLogarithmic(true);
            List<Double> xs = new ArrayList<>();
            List<Double> heap = new ArrayList<>();
            List<Double> skipped = new ArrayList<>();
            for (var r : limits) {
                xs.add(Double.parseDouble(r.get("listlimit")));
                heap.add(Math.max(0, Double.parseDouble(r.get("heap_kib"))));
                skipped.add(Double.parseDouble(r.get("skipped_per_session")));
            }
            chart.addSeries("heap held (KiB)", xs, heap).setMarker(SeriesMarkers.CIRCLE);
            chart.addSeries("skipped per session (msgs)", xs, skipped).setMarker(SeriesMarkers.DIAMOND);
            BitmapEncoder.saveBitmap(chart, docs.resolve("bench-memory.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }

    String summary() {
        var wb = find("fanout", "watchbox", "n", "100");
        var mq = find("fanout", "mosquitto", "n", "100");
        var idle = find("idle", "watchbox", null, null);
        String heap = idle.map(r -> r.get("heap_per_client_kib")).orElse("n/a");
        long idleClients = idle.map(r -> Long.parseLong(r.get("connected")))
                .orElse(0L);
        return String.format("summary fanout100_ratio=%s p99_ratio=%s heap_per_idle_client_kib=%s idle_clients=%d"
                        + " fanout1000_ratio=%s m2m_ratio=%s storm_ratio=%s payara_fanout100_ratio=%s",
                ratio(num(wb, "delivered_per_s"), num(mq, "delivered_per_s")),
                p99Ratio(wb, mq), heap, idleClients,
                delivered("fanout", "watchbox", "1000"), delivered("many", "watchbox", null),
                ratio(num(find("storm", "watchbox", null, null), "connects_per_s"),
                        num(find("storm", "mosquitto", null, null), "connects_per_s")),
                delivered("fanout", PAYARA, "100"));
    }

    /** From the open-loop workload when the run had it (latency without queueing), else closed-loop fan-out 100. */
    private String p99Ratio(Optional<Map<String, String>> closedWb, Optional<Map<String, String>> closedMq) {
        var wb = find("openloop", "watchbox", null, null);
        var mq = find("openloop", "mosquitto", null, null);
        return wb.isPresent() && mq.isPresent() ? ratio(num(wb, "p99_us"), num(mq, "p99_us"))
                : ratio(num(closedWb, "p99_us"), num(closedMq, "p99_us"));
    }

    /** A Watchbox system's delivered/s over Mosquitto's in one workload ({@code n} null: its only size). */
    private String delivered(String workload, String system, String n) {
        String key = n == null ? null : "n";
        return ratio(num(find(workload, system, key, n), "delivered_per_s"),
                num(find(workload, "mosquitto", key, n), "delivered_per_s"));
    }

    void updateDoc(Path doc, String command, String machine, String tables) throws IOException {
        replaceBetween(doc, START, END, "\n\nLatest run: `" + command + "` on " + machine + "\n" + tables + "\n"
                + "`" + summary() + "`\n\n");
    }

    /** Replaces what stands between the two markers of doc with text; leaves a doc without them alone. */
    static void replaceBetween(Path doc, String start, String end, String text) throws IOException {
        if (!Files.exists(doc)) {
            return;
        }
        String old = Files.readString(doc, StandardCharsets.UTF_8);
        int s = old.indexOf(start);
        int e = old.indexOf(end);
        if (s < 0 || e < s) {
            return;
        }
        Files.writeString(doc, old.substring(0, s + start.length()) + text + old.substring(e), StandardCharsets.UTF_8);
    }
}
