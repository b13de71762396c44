package io.watchbox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunsTest {

    private static Map<String, String> run(String system, String delivered, String busy) {
        return Map.of("workload", "fanout", "system", system, "n", "100", "delivered_per_s", delivered, "busy", busy);
    }

    private static Runs watchbox(List<Map<String, String>> rows) {
        return Runs.of(rows, r -> r.get("system").equals("watchbox"));
    }

    @Test
    void givesTheMedianWithTheLowestAndHighestRun() {
        Runs runs = watchbox(List.of(run("watchbox", "300", "no"), run("mosquitto", "5", "no"),
                run("watchbox", "100", "no"), run("watchbox", "200", "no")));

        assertEquals(new Runs.Spread(200, 100, 300), runs.spread("delivered_per_s"));
        assertEquals("200 (100–300)", runs.spread("delivered_per_s").toString());
        assertEquals(3, runs.count());
    }

    @Test
    void anEvenNumberOfRunsHasTheMeanOfTheMiddleTwoForMedian() {
        Runs runs = watchbox(List.of(run("watchbox", "100", "no"), run("watchbox", "400", "no"),
                run("watchbox", "200", "no"), run("watchbox", "300", "no")));

        assertEquals(250, runs.median("delivered_per_s"));
    }

    @Test
    void oneRunOrRunsThatAgreeShowTheFigureAlone() {
        assertEquals("150", watchbox(List.of(run("watchbox", "150", "no"))).spread("delivered_per_s").toString());
        assertEquals("150", watchbox(List.of(run("watchbox", "150", "no"), run("watchbox", "150", "no")))
                .spread("delivered_per_s").toString());
    }

    @Test
    void figuresARunDidNotMeasureAreLeftOut() {
        Runs runs = watchbox(List.of(run("watchbox", "n/a", "no"), run("watchbox", "100", "no")));

        assertEquals(100, runs.median("delivered_per_s"));
        assertEquals("n/a", runs.spread("p99_us").toString());
        assertTrue(Double.isNaN(runs.median("p99_us")));
    }

    @Test
    void countsTheRunsTakenOnABusyMachine() {
        Runs runs = watchbox(List.of(run("watchbox", "100", "yes"), run("watchbox", "200", "no"),
                run("watchbox", "300", "no")));

        assertEquals(1, runs.busy());
        assertEquals("3 (1 busy)", runs.countCell());
        assertEquals("1", watchbox(List.of(run("watchbox", "1", "no"))).countCell());
    }
}
