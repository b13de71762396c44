package io.watchbox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterReportTest {

    private final List<Map<String, String>> rows = new ArrayList<>();

    private void run(int replicas, String relay, String mirror, long delivered, double redisCpu) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("workload", "fanout");
        r.put("n", "100");
        r.put("delivered_per_s", String.valueOf(delivered));
        r.put("replicas", String.valueOf(replicas));
        r.put("subscribed_replicas", String.valueOf(replicas));
        r.put("relay", relay);
        if (mirror != null) {
            r.put("mirror", mirror);
            r.put("redis_cpu_us_per_publish", String.valueOf(redisCpu));
        }
        r.put("busy", "no");
        rows.add(r);
    }

    @Test
    void theMirrorRatioIsOfMediansAndEachPairIsOfRunsInTheOrderTheyRan() {
        run(1, "none", null, 200_000, 0);
        // Off, on, on, off: the pairs are (first off, first on) and (second off, second on).
        run(1, "redis", "off", 100_000, 20);
        run(1, "redis", "on", 80_000, 520);
        run(1, "redis", "on", 60_000, 620);
        run(1, "redis", "off", 120_000, 20);

        ClusterReport report = new ClusterReport(rows);

        assertEquals("0.80, 0.50", report.pairRatios("100", 1));
        String table = report.mirrorTable();
        // Medians: 110,000 off and 70,000 on; Redis's extra 550 µs per publish over 100 deliveries.
        assertTrue(table.contains("| 100 | 1 | 110000 | 70000 | 0.64 (0.80, 0.50) | 20 | 570 | 5.5 |"), table);
        assertTrue(report.summary().contains(" r1_per_s=110000 r1_ratio=0.55 "), report.summary());
        assertTrue(report.summary().contains(" r1_mirror_on_off=0.64 "), report.summary());
    }

    @Test
    void aResultLineWithoutTheMirrorFieldWasTakenWithTheMirrorOff() {
        run(2, "redis", null, 90_000, 0);
        rows.get(0).remove("mirror");

        String table = new ClusterReport(rows).table();

        assertTrue(table.contains("| 100 (50/50) | 2 | Redis | off | 1 | "), table);
        assertEquals("", new ClusterReport(rows).mirrorTable());
    }
}
