package io.watchbox.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the machine was doing around one run, added to its result line: which of the repeats it was,
 * the 1-minute load average and the cores, the share of the cores other processes used in the
 * moment before the run (bench/run samples it and passes it on, its own idle servers left out), and
 * during the timed window when the workload measures that ({@code other_cpu_share}). A run is busy
 * when either share is above {@code busyShare}: its figures are not a quiet machine's.
 *
 * <p>Given by bench/run as {@code --repeat R --load1 L --cores C --other-cpu-before S --busy-share B};
 * absent (bench/cluster, a generator started by hand) when there is no {@code --repeat}.
 */
record RunConditions(int repeat, String load1, int cores, double otherShareBefore, double busyShare) {

    static Optional<RunConditions> from(Arguments args) {
        if (args.text("repeat", null) == null) {
            return Optional.empty();
        }
        return Optional.of(new RunConditions(args.integer("repeat", 1), args.text("load1", "n/a"),
                args.integer("cores", Runtime.getRuntime().availableProcessors()),
                Double.parseDouble(args.text("other-cpu-before", "0")),
                Double.parseDouble(args.text("busy-share", "0.25"))));
    }

    /** The result's fields, then these conditions; {@code busy=yes} or {@code busy=no} last. */
    Map<String, Object> addTo(Map<String, Object> result) {
        Map<String, Object> line = new LinkedHashMap<>(result);
        line.put("repeat", repeat);
        line.put("load1", load1);
        line.put("cores", cores);
        line.put("other_cpu_share_before", otherShareBefore);
        line.put("busy", busy(result) ? "yes" : "no");
        return line;
    }

    private boolean busy(Map<String, Object> result) {
        Object during = result.get("other_cpu_share");
        return otherShareBefore > busyShare
                || during instanceof Number share && share.doubleValue() > busyShare;
    }
}
