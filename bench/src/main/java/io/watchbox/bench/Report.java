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

    private final List<Map<String, String>> rows;

    Report(List<Map<String, String>> rows) {
        this.rows = rows;
    }

    public static void main(String[] argv) throws IOException {
        Report report = new Report(ResultFile.read(Path.of(argv[0])));
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

    /** The runs of one system on one workload ({@code key} null: at its only size), in the order they ran. */
    private Runs runs(String workload, String system, String key, String value) {
        return Runs.of(rows, r -> workload.equals(r.get("workload")) && system.equals(r.get("system"))
                && (key == null || value.equals(r.get(key))));
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

    /** Of two systems' medians. */
    static String ratio(Runs a, Runs b, String key) {
        return ratio(a.median(key), b.median(key));
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.2f", v);
    }

    /**
     * Said under a table any of whose runs was taken on a busy machine; nothing when none was.
     * bench/run --record refuses to record such a run.
     */
    static String busyNote(List<Runs> table) {
        long busy = table.stream().mapToLong(Runs::busy).sum();
        if (busy == 0) {
            return "";
        }
        long all = table.stream().mapToLong(Runs::count).sum();
        return String.format("%n**Busy machine:** %d of the %d runs in this table were taken while other processes"
                + " used the cores: these are not a quiet machine's figures.%n", busy, all);
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
        t.append("Medians of the runs, with the lowest and highest in brackets; the ratios are of medians.\n\n");
        t.append("| workload | subscribers | system | runs | delivered/s | server CPU µs/delivery | p50 µs | p99 µs |"
                + " p99.9 µs | frames/s | write syscalls/delivery | lost, all runs | generator CPU µs/delivery |"
                + " delivered/s over mosquitto's | server CPU over mosquitto's | p99 over mosquitto's |\n");
        t.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<Runs> closed = new ArrayList<>();
        for (String workload : List.of("fanout", "many")) {
            for (String n : fanoutSizes(workload)) {
                Runs mq = runs(workload, "mosquitto", "n", n);
                for (String system : SYSTEMS) {
                    Runs row = runs(workload, system, "n", n);
                    if (row.isEmpty()) {
                        continue;
                    }
                    closed.add(row);
                    boolean watchbox = !system.equals("mosquitto");
                    t.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            workload.equals("fanout") ? "fan-out" : "many-to-many, 10 per group", n, system,
                            row.countCell(), row.spread("delivered_per_s"), row.spread("server_cpu_us_per_delivery"),
                            row.spread("p50_us"), row.spread("p99_us"), row.spread("p999_us"),
                            fmt(row.median("frames_per_s")), writeSyscalls(row), fmt(row.sum("lost")),
                            fmt(row.median("generator_cpu_us_per_delivery")),
                            watchbox ? ratio(row, mq, "delivered_per_s") : "",
                            watchbox ? ratio(row, mq, "server_cpu_us_per_delivery") : "",
                            watchbox ? ratio(row, mq, "p99_us") : ""));
                }
            }
        }
        t.append(busyNote(closed));
        if (rows.stream().anyMatch(r -> "openloop".equals(r.get("workload")))) {
            t.append("\n### Open-loop latency (fan-out, fixed offered rate: half the slower system's closed-loop fan-out 100)\n\n");
            t.append("| system | subscribers | runs | offered deliveries/s | delivered/s | server CPU µs/delivery | p50 µs |"
                    + " p99 µs | p99.9 µs | write syscalls/delivery | lost, all runs | p99 over mosquitto's |\n");
            t.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            Runs mqOpen = runs("openloop", "mosquitto", null, null);
            List<Runs> open = new ArrayList<>();
            for (String system : SYSTEMS) {
                Runs row = runs("openloop", system, null, null);
                if (row.isEmpty()) {
                    continue;
                }
                open.add(row);
                t.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        system, row.first("n").orElse("?"), row.countCell(), row.first("offered_per_s").orElse("?"),
                        row.spread("delivered_per_s"), row.spread("server_cpu_us_per_delivery"), row.spread("p50_us"),
                        row.spread("p99_us"), row.spread("p999_us"), writeSyscalls(row), fmt(row.sum("lost")),
                        system.equals("mosquitto") ? "" : ratio(row, mqOpen, "p99_us")));
            }
            t.append(busyNote(open));
        }
        t.append("\n### Idle subscribed clients (after a full GC)\n\n");
        t.append("| system | clients | runs | connected | errors | heap/client KiB | RSS/client KiB | RSS before MiB | RSS after MiB |\n");
        t.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<Runs> idle = new ArrayList<>();
        for (String system : SYSTEMS) {
            Runs row = runs("idle", system, null, null);
            if (row.isEmpty()) {
                continue;
            }
            idle.add(row);
            t.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    system, row.first("n").orElse("?"), row.countCell(), fmt(row.median("connected")),
                    fmt(row.sum("errors")),
                    SystemUnderTest.isWatchbox(system) ? row.spread("heap_per_client_kib").toString() : "n/a (C, no heap)",
                    row.spread("rss_per_client_kib"), mib(row.median("rss_before_kib")), mib(row.median("rss_after_kib"))));
        }
        t.append(busyNote(idle));
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
        t.append(busyNote(List.of(Runs.of(rows, r -> "listlimit".equals(r.get("workload"))))));
        t.append("\n### Connect storm (all clients started at once)\n\n");
        t.append("| system | clients | runs | connected | errors, all runs | connects/s | slowest connect ms |\n");
        t.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<Runs> storms = new ArrayList<>();
        for (String system : SYSTEMS) {
            Runs row = runs("storm", system, null, null);
            if (row.isEmpty()) {
                continue;
            }
            storms.add(row);
            t.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", system, row.first("n").orElse("?"),
                    row.countCell(), fmt(row.median("connected")), fmt(row.sum("errors")),
                    row.spread("connects_per_s"), row.spread("slowest_ms")));
        }
        t.append(String.format("%nconnects/s watchbox/mosquitto: %s; watchbox on Payara/mosquitto: %s%n",
                ratio(runs("storm", "watchbox", null, null), runs("storm", "mosquitto", null, null), "connects_per_s"),
                ratio(runs("storm", PAYARA, null, null), runs("storm", "mosquitto", null, null), "connects_per_s")));
        t.append(busyNote(storms));
        return t.toString();
    }

    /** The server's write syscalls per delivery (median); "n/a" where perf could not count them. */
    private static String writeSyscalls(Runs row) {
        return fmt(row.median("server_write_syscalls_per_delivery"));
    }

    private static String mib(double kib) {
        return Double.isNaN(kib) ? "n/a" : String.format("%.1f", kib / 1024.0);
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
                        double v = runs("fanout", system, "n", n).median(pct);
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

    /**
     * One line of medians: each Watchbox system over Mosquitto in the same run (delivered/s, the open
     * loop's p99, server CPU per delivery at fan-out 100, connects/s), idle memory, and how many runs
     * were taken on a busy machine.
     */
    String summary() {
        Runs idle = runs("idle", "watchbox", null, null);
        return String.format("summary fanout100_ratio=%s p99_ratio=%s heap_per_idle_client_kib=%s idle_clients=%s"
                        + " fanout1000_ratio=%s m2m_ratio=%s storm_ratio=%s payara_fanout100_ratio=%s"
                        + " fanout10_ratio=%s cpu_fanout100_ratio=%s payara_fanout10_ratio=%s payara_fanout1000_ratio=%s"
                        + " payara_m2m_ratio=%s payara_p99_ratio=%s payara_cpu_fanout100_ratio=%s busy_runs=%d",
                over("fanout", "watchbox", "100", "delivered_per_s"), p99Ratio("watchbox"),
                fmt(idle.median("heap_per_client_kib")), fmt(idle.median("connected")),
                over("fanout", "watchbox", "1000", "delivered_per_s"), over("many", "watchbox", null, "delivered_per_s"),
                ratio(runs("storm", "watchbox", null, null), runs("storm", "mosquitto", null, null), "connects_per_s"),
                over("fanout", PAYARA, "100", "delivered_per_s"),
                over("fanout", "watchbox", "10", "delivered_per_s"),
                over("fanout", "watchbox", "100", "server_cpu_us_per_delivery"),
                over("fanout", PAYARA, "10", "delivered_per_s"), over("fanout", PAYARA, "1000", "delivered_per_s"),
                over("many", PAYARA, null, "delivered_per_s"), p99Ratio(PAYARA),
                over("fanout", PAYARA, "100", "server_cpu_us_per_delivery"),
                rows.stream().filter(Runs::isBusy).count());
    }

    /** From the open-loop workload when the run had it (latency without queueing), else closed-loop fan-out 100. */
    private String p99Ratio(String system) {
        Runs open = runs("openloop", system, null, null);
        Runs mqOpen = runs("openloop", "mosquitto", null, null);
        return !open.isEmpty() && !mqOpen.isEmpty() ? ratio(open, mqOpen, "p99_us")
                : over("fanout", system, "100", "p99_us");
    }

    /** A Watchbox system's median of a figure over Mosquitto's in one workload ({@code n} null: its only size). */
    private String over(String workload, String system, String n, String figure) {
        String key = n == null ? null : "n";
        return ratio(runs(workload, system, key, n), runs(workload, "mosquitto", key, n), figure);
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
