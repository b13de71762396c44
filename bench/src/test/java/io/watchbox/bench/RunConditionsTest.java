package io.watchbox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunConditionsTest {

    private static Map<String, Object> result(double otherShareDuring) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", "fanout");
        r.put("other_cpu_share", otherShareDuring);
        return r;
    }

    private static Object busy(double before, double during) {
        return new RunConditions(2, "0.40", 2, before, 0.25).addTo(result(during)).get("busy");
    }

    @Test
    void aRunIsBusyWhenOthersUsedMoreThanTheShareBeforeOrDuringIt() {
        assertEquals("no", busy(0.05, 0.10));
        assertEquals("no", busy(0.25, 0.25));
        assertEquals("yes", busy(0.30, 0.10));
        assertEquals("yes", busy(0.05, 0.40));
    }

    @Test
    void aWorkloadThatDoesNotMeasureDuringIsJudgedOnTheMomentBefore() {
        RunConditions conditions = new RunConditions(1, "0.10", 2, 0.05, 0.25);

        assertEquals("no", conditions.addTo(Map.of("workload", "idle")).get("busy"));
        assertEquals("yes", new RunConditions(1, "3.10", 2, 0.60, 0.25).addTo(Map.of("workload", "idle")).get("busy"));
    }

    @Test
    void theConditionsFollowTheResultsFields() {
        Map<String, Object> line = new RunConditions(3, "1.52", 2, 0.41, 0.25).addTo(result(0.1));

        assertEquals("[workload, other_cpu_share, repeat, load1, cores, other_cpu_share_before, busy]",
                line.keySet().toString());
        assertEquals(3, line.get("repeat"));
        assertEquals("1.52", line.get("load1"));
    }

    @Test
    void aGeneratorStartedWithoutRepeatAddsNothing() {
        assertTrue(RunConditions.from(Arguments.parse(new String[] {"fanout", "--n", "100"})).isEmpty());
        assertEquals(new RunConditions(2, "0.7", 4, 0.1, 0.5), RunConditions.from(Arguments.parse(new String[] {
            "fanout", "--repeat", "2", "--load1", "0.7", "--cores", "4", "--other-cpu-before", "0.1",
            "--busy-share", "0.5"})).orElseThrow());
    }
}
