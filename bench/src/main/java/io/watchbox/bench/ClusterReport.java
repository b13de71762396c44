package io.watchbox.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the result lines of one bench/cluster run (fan-out through 1, 2 and 3 replicas), prints
 * the table, writes it into docs/benchmarks.md between its cluster markers, and ends with the one
 * summary line.
 *
 * <p>Usage: {@code ClusterReport RESULTS_FILE DOC "COMMAND" "MACHINE"}
 */
public final class ClusterReport {

    private static final String START = "<!-- cluster-results:start -->";
    private static final String END = "<!-- cluster-results:end -->";

    /**
     * The runs of one subscriber count, in this order: one replica alone, then 1, 2 and 3 relaying
     * through Redis with the subscribers spread over all of them, then 3 with every subscriber on
     * the publisher's replica (what Redis carries when no message needs to cross).
     */
    private record Setup(int replicas, String relay, int subscribedReplicas) {
    }

    private static final List<Setup> SETUPS = List.of(new Setup(1, "none", 1), new Setup(1, "redis", 1),
            new Setup(2, "redis", 2), new Setup(3, "redis", 3), new Setup(3, "redis", 1));
    /** The runs whose subscribers are spread over every replica, for the summary line. */
    private static final List<Setup> SPREAD = SETUPS.subList(1, 4);

    private final List<Map<String, String>> rows;

    private ClusterReport(List<Map<String, String>> rows) {
        this.rows = rows;
    }

    public static void main(String[] argv) throws IOException {
        ClusterReport report = new ClusterReport(ResultFile.read(Path.of(argv[0])));
        String table = report.table();
        System.out.print(table);
        String summary = report.summary();
        Report.replaceBetween(Path.of(argv[1]), START, END,
                "\n\nLatest run: `" + argv[2] + "` on " + argv[3] + "\n" + table + "\n`" + summary + "`\n\n");
        System.out.println(summary);
    }

    private Optional<Map<String, String>> find(String n, Setup setup) {
        return rows.stream().filter(r -> "fanout".equals(r.get("workload")) && n.equals(r.get("n"))
                && String.valueOf(setup.replicas()).equals(r.get("replicas")) && setup.relay().equals(r.get("relay"))
                && String.valueOf(setup.subscribedReplicas()).equals(r.getOrDefault("subscribed_replicas", r.get("replicas"))))
                .reduce((a, b) -> b);
    }

    private List<String> sizes() {
        return rows.stream().map(r -> r.get("n")).distinct()
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))).toList();
    }

    String table() {
        StringBuilder t = new StringBuilder();
        t.append("\n| subscribers (per replica) | replicas | relay | publishes/s | delivered/s"
                + " | over 1 replica without relay | p50 µs | p99 µs | lost | replicas' CPU µs/delivery"
                + " | Redis CPU µs/publish | Redis bytes in/publish | Redis bytes out/publish | generator CPU µs/delivery |\n");
        t.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String n : sizes()) {
            double single = Report.num(find(n, SETUPS.get(0)), "delivered_per_s");
            for (Setup setup : SETUPS) {
                find(n, setup).ifPresent(r -> t.append(String.format(
                        "| %s (%s) | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        n, perReplica(Integer.parseInt(n), setup), setup.replicas(),
                        setup.relay().equals("redis") ? "Redis" : "none (single node)",
                        r.getOrDefault("published_per_s", "n/a"), r.get("delivered_per_s"),
                        Report.ratio(Report.num(Optional.of(r), "delivered_per_s"), single),
                        r.get("p50_us"), r.get("p99_us"), r.get("lost"), r.get("server_cpu_us_per_delivery"),
                        r.getOrDefault("redis_cpu_us_per_publish", "-"),
                        r.getOrDefault("redis_in_bytes_per_publish", "-"),
                        r.getOrDefault("redis_out_bytes_per_publish", "-"),
                        r.get("generator_cpu_us_per_delivery"))));
            }
        }
        t.append(Report.busyNote(List.of(Runs.of(rows, r -> true))));
        return t.toString();
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
     * relaying through Redis (r1, r2, r3), each of those over one replica alone, and Redis's CPU per
     * publish; then the bytes Redis sent per publish when every subscriber is on the publisher's replica.
     */
    String summary() {
        List<String> sizes = sizes();
        if (sizes.isEmpty()) {
            return "summary cluster no results";
        }
        String n = sizes.get(0);
        var alone = find(n, SETUPS.get(0));
        StringBuilder line = new StringBuilder("summary cluster n=" + n + " alone_per_s="
                + Report.fmt(Report.num(alone, "delivered_per_s")));
        for (Setup setup : SPREAD) {
            var run = find(n, setup);
            String r = "r" + setup.replicas();
            line.append(' ').append(r).append("_per_s=").append(Report.fmt(Report.num(run, "delivered_per_s")))
                    .append(' ').append(r).append("_ratio=")
                    .append(Report.ratio(Report.num(run, "delivered_per_s"), Report.num(alone, "delivered_per_s")))
                    .append(' ').append(r).append("_redis_cpu_us_per_publish=")
                    .append(run.map(m -> m.get("redis_cpu_us_per_publish")).orElse("n/a"));
        }
        var local = find(n, SETUPS.get(SETUPS.size() - 1));
        line.append(" r3_local_redis_out_bytes_per_publish=")
                .append(local.map(m -> m.get("redis_out_bytes_per_publish")).orElse("n/a"));
        return line.toString();
    }
}
