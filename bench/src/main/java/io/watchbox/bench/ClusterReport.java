package io.watchbox.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the result lines of one bench/cluster run (fan-out through 1, 2 and 3 replicas, the mirror
 * off and on), prints the table and the mirror's on/off lines, writes them into docs/benchmarks.md
 * between its cluster markers, and ends with the one summary line.
 *
 * <p>Usage: {@code ClusterReport RESULTS_FILE DOC "COMMAND" "MACHINE"}
 */
public final class ClusterReport {

    private static final String START = "<!-- cluster-results:start -->";
    private static final String END = "<!-- cluster-results:end -->";

    /**
     * The runs of one subscriber count, in this order: one replica alone, then 1, 2 and 3 relaying
     * through Redis with the subscribers spread over all of them, each with the mirror off and on,
     * then 3 with every subscriber on the publisher's replica (what Redis carries when no message
     * needs to cross).
     */
    record Setup(int replicas, String relay, int subscribedReplicas, boolean mirror) {

        boolean matches(Map<String, String> r) {
            return "fanout".equals(r.get("workload"))
                    && String.valueOf(replicas).equals(r.get("replicas")) && relay.equals(r.get("relay"))
                    && String.valueOf(subscribedReplicas).equals(r.getOrDefault("subscribed_replicas", r.get("replicas")))
                    // Lines from before the mirror was measured have no "mirror": it was off.
                    && (mirror ? "on" : "off").equals(r.getOrDefault("mirror", "off"));
        }

        String relayCell() {
            return relay.equals("redis") ? "Redis" : "none (single node)";
        }

        String mirrorCell() {
            return relay.equals("redis") ? (mirror ? "on" : "off") : "-";
        }
    }

    private static final Setup ALONE = new Setup(1, "none", 1, false);
    private static final Setup LOCAL = new Setup(3, "redis", 1, false);
    private static final List<Integer> SPREAD = List.of(1, 2, 3);

    private final List<Map<String, String>> rows;

    ClusterReport(List<Map<String, String>> rows) {
        this.rows = rows;
    }

    public static void main(String[] argv) throws IOException {
        ClusterReport report = new ClusterReport(ResultFile.read(Path.of(argv[0])));
        String table = report.table() + report.mirrorTable();
        System.out.print(table);
        String summary = report.summary();
        Report.replaceBetween(Path.of(argv[1]), START, END,
                "\n\nLatest run: `" + argv[2] + "` on " + argv[3] + "\n" + table + "\n`" + summary + "`\n\n");
        System.out.println(summary);
    }

    private static List<Setup> setups() {
        List<Setup> setups = new ArrayList<>();
        setups.add(ALONE);
        for (int k : SPREAD) {
            setups.add(spread(k, false));
            setups.add(spread(k, true));
        }
        setups.add(LOCAL);
        return setups;
    }

    private static Setup spread(int replicas, boolean mirror) {
        return new Setup(replicas, "redis", replicas, mirror);
    }

    private Runs runs(String n, Setup setup) {
        return Runs.of(rows, r -> n.equals(r.get("n")) && setup.matches(r));
    }

    private List<String> sizes() {
        return rows.stream().map(r -> r.get("n")).distinct()
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))).toList();
    }

    /** Every setup of every size; a figure of several runs is their median, delivered/s with its min–max. */
    String table() {
        StringBuilder t = new StringBuilder();
        t.append("\n| subscribers (per replica) | replicas | relay | mirror | runs | publishes/s | delivered/s"
                + " | over 1 replica without relay | p50 µs | p99 µs | lost | replicas' CPU µs/delivery"
                + " | Redis CPU µs/publish | Redis bytes in/publish | Redis bytes out/publish | generator CPU µs/delivery |\n");
        t.append("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String n : sizes()) {
            double single = runs(n, ALONE).median("delivered_per_s");
            for (Setup setup : setups()) {
                Runs r = runs(n, setup);
                if (r.isEmpty()) {
                    continue;
                }
                t.append(String.format("| %s (%s) | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        n, perReplica(Integer.parseInt(n), setup), setup.replicas(), setup.relayCell(),
                        setup.mirrorCell(), r.countCell(), cell(r, "published_per_s"), r.spread("delivered_per_s"),
                        Report.ratio(r.median("delivered_per_s"), single), cell(r, "p50_us"), cell(r, "p99_us"),
                        Report.fmt(r.sum("lost")), cell(r, "server_cpu_us_per_delivery"),
                        cell(r, "redis_cpu_us_per_publish"), cell(r, "redis_in_bytes_per_publish"),
                        cell(r, "redis_out_bytes_per_publish"), cell(r, "generator_cpu_us_per_delivery")));
            }
        }
        t.append(Report.busyNote(List.of(Runs.of(rows, r -> true))));
        return t.toString();
    }

    /** The median; whole from 100 up (the mean of two runs' 100.5 publishes/s says nothing more than 101). */
    private static String cell(Runs runs, String key) {
        double median = runs.median(key);
        return Double.isNaN(median) ? "-" : Report.fmt(median >= 100 ? Math.rint(median) : median);
    }

    /**
     * One line per subscriber count and number of replicas: delivered/s with the mirror on over off
     * (of the medians, then of each pair of runs taken one after the other), and what Redis spent
     * per publish both ways and, for the mirror, per delivery.
     */
    String mirrorTable() {
        StringBuilder t = new StringBuilder();
        t.append("\n| subscribers | replicas | delivered/s mirror off | on | on / off (each pair) | Redis CPU µs/publish off"
                + " | on | the mirror's Redis CPU µs/delivery | Redis bytes in/publish off | on | Redis bytes out/publish off | on |\n");
        t.append("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        boolean any = false;
        for (String n : sizes()) {
            for (int k : SPREAD) {
                Runs off = runs(n, spread(k, false));
                Runs on = runs(n, spread(k, true));
                if (off.isEmpty() || on.isEmpty()) {
                    continue;
                }
                any = true;
                double perDelivery = (on.median("redis_cpu_us_per_publish") - off.median("redis_cpu_us_per_publish"))
                        / Integer.parseInt(n);
                t.append(String.format("| %s | %d | %s | %s | %s (%s) | %s | %s | %s | %s | %s | %s | %s |%n", n, k,
                        cell(off, "delivered_per_s"), cell(on, "delivered_per_s"),
                        mirrorRatio(off, on), pairRatios(n, k), cell(off, "redis_cpu_us_per_publish"),
                        cell(on, "redis_cpu_us_per_publish"), Double.isNaN(perDelivery) ? "-" : String.format("%.1f", perDelivery),
                        cell(off, "redis_in_bytes_per_publish"), cell(on, "redis_in_bytes_per_publish"),
                        cell(off, "redis_out_bytes_per_publish"), cell(on, "redis_out_bytes_per_publish")));
            }
        }
        return any ? t.toString() : "";
    }

    private static String mirrorRatio(Runs off, Runs on) {
        return Report.ratio(on, off, "delivered_per_s");
    }

    /** The i-th run with the mirror on over the i-th with it off, in the order they ran. */
    String pairRatios(String n, int replicas) {
        List<Map<String, String>> off = rows.stream().filter(r -> n.equals(r.get("n")) && spread(replicas, false).matches(r)).toList();
        List<Map<String, String>> on = rows.stream().filter(r -> n.equals(r.get("n")) && spread(replicas, true).matches(r)).toList();
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(off.size(), on.size()); i++) {
            ratios.add(Report.ratio(Double.parseDouble(on.get(i).get("delivered_per_s")),
                    Double.parseDouble(off.get(i).get("delivered_per_s"))));
        }
        return ratios.stream().collect(Collectors.joining(", "));
    }

    /** How the generator spreads n subscribers over the first k replicas: subscriber i on replica i mod k. */
    private static String perReplica(int n, Setup setup) {
        int k = setup.subscribedReplicas();
        List<String> counts = new ArrayList<>();
        for (int j = 0; j < setup.replicas(); j++) {
            counts.add(String.valueOf(j < k ? (n - j + k - 1) / k : 0));
        }
        return String.join("/", counts);
    }

    /**
     * At the smallest subscriber count: delivered/s of one replica alone, then of 1, 2 and 3 replicas
     * relaying through Redis (r1, r2, r3) with the mirror off, each of those over one replica alone,
     * Redis's CPU per publish, and delivered/s with the mirror on over off; then the bytes Redis sent
     * per publish when every subscriber is on the publisher's replica.
     */
    String summary() {
        List<String> sizes = sizes();
        if (sizes.isEmpty()) {
            return "summary cluster no results";
        }
        String n = sizes.get(0);
        double alone = runs(n, ALONE).median("delivered_per_s");
        StringBuilder line = new StringBuilder("summary cluster n=" + n + " alone_per_s=" + Report.fmt(alone));
        for (int k : SPREAD) {
            Runs off = runs(n, spread(k, false));
            Runs on = runs(n, spread(k, true));
            String r = "r" + k;
            line.append(' ').append(r).append("_per_s=").append(Report.fmt(off.median("delivered_per_s")))
                    .append(' ').append(r).append("_ratio=").append(Report.ratio(off.median("delivered_per_s"), alone))
                    .append(' ').append(r).append("_redis_cpu_us_per_publish=").append(Report.fmt(off.median("redis_cpu_us_per_publish")))
                    .append(' ').append(r).append("_mirror_on_off=").append(mirrorRatio(off, on));
        }
        line.append(" r3_local_redis_out_bytes_per_publish=")
                .append(Report.fmt(runs(n, LOCAL).median("redis_out_bytes_per_publish")));
        return line.toString();
    }
}
