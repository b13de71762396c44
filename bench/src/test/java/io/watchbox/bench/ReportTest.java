package io.watchbox.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private final List<Map<String, String>> rows = new ArrayList<>();

    private void fanout(String system, String n, long delivered, double cpu, String busy) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("workload", "fanout");
        r.put("system", system);
        r.put("n", n);
        r.put("delivered_per_s", String.valueOf(delivered));
        r.put("server_cpu_us_per_delivery", String.valueOf(cpu));
        r.put("p99_us", "1000");
        r.put("busy", busy);
        rows.add(r);
    }

    @Test
    void theSummaryLineIsOfMedians() {
        // Liberty's outlier runs (900000 delivered/s, 2 µs) and Mosquitto's (10, 40 µs) move neither median.
        fanout("watchbox", "100", 200_000, 5.0, "no");
        fanout("mosquitto", "100", 100_000, 4.0, "no");
        fanout("watchbox", "100", 900_000, 2.0, "no");
        fanout("mosquitto", "100", 10, 40.0, "no");
        fanout("watchbox", "100", 150_000, 6.0, "no");
        fanout("mosquitto", "100", 110_000, 3.0, "no");

        String summary = new Report(rows).summary();

        assertTrue(summary.contains(" fanout100_ratio=2.00 "), summary);
        assertTrue(summary.contains(" cpu_fanout100_ratio=1.25 "), summary);
        assertTrue(summary.contains(" busy_runs=0"), summary);
    }

    @Test
    void aTableWithABusyRunSaysSo() {
        fanout("watchbox", "10", 200_000, 5.0, "yes");
        fanout("mosquitto", "10", 100_000, 4.0, "no");

        String tables = new Report(rows).tables();

        assertTrue(tables.contains("**Busy machine:** 1 of the 2 runs in this table"), tables);
        assertTrue(tables.contains("| 1 (1 busy) |"), tables);
        assertTrue(new Report(rows).summary().endsWith(" busy_runs=1"));
    }

    @Test
    void aQuietTableSaysNothingOfBusyMachines() {
        fanout("watchbox", "10", 200_000, 5.0, "no");
        fanout("mosquitto", "10", 100_000, 4.0, "no");

        assertFalse(new Report(rows).tables().contains("Busy machine"));
    }
}
