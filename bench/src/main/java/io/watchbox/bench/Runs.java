package io.watchbox.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The runs of one system on one workload at one size: bench/run takes each of them several times,
 * in turn with the other systems, and the tables give the median of each figure with its min–max.
 * Result lines from before the repeats (a single run) read as one run.
 */
final class Runs {

    private final List<Map<String, String>> rows;

    private Runs(List<Map<String, String>> rows) {
        this.rows = rows;
    }

    /** The result lines of all that match, in the order they ran. */
    static Runs of(List<Map<String, String>> all, Predicate<Map<String, String>> which) {
        return new Runs(all.stream().filter(which).toList());
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    int count() {
        return rows.size();
    }

    /** Runs taken on a busy machine (see {@link RunConditions}). */
    long busy() {
        return rows.stream().filter(Runs::isBusy).count();
    }

    static boolean isBusy(Map<String, String> row) {
        return "yes".equals(row.get("busy"));
    }

    /** "3", or "3 (1 busy)". */
    String countCell() {
        long busy = busy();
        return busy == 0 ? String.valueOf(count()) : count() + " (" + busy + " busy)";
    }

    /** The median of a figure over the runs that have it; NaN when none has. */
    double median(String key) {
        return spread(key).median();
    }

    Spread spread(String key) {
        double[] values = rows.stream().map(r -> r.get(key)).map(Runs::parse).filter(v -> !Double.isNaN(v))
                .mapToDouble(Double::doubleValue).sorted().toArray();
        if (values.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN);
        }
        int mid = values.length / 2;
        double median = values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        return new Spread(median, values[0], values[values.length - 1]);
    }

    /** The sum of a figure over the runs (lost messages: any run's count). */
    double sum(String key) {
        return rows.stream().map(r -> r.get(key)).map(Runs::parse).filter(v -> !Double.isNaN(v))
                .mapToDouble(Double::doubleValue).sum();
    }

    /** A field that is the same in every run (the offered rate, the size): the first run's. */
    Optional<String> first(String key) {
        return rows.stream().map(r -> r.get(key)).filter(v -> v != null).findFirst();
    }

    private static double parse(String value) {
        try {
            return value == null ? Double.NaN : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** One figure over the runs: its median, and the lowest and highest run. */
    record Spread(double median, double min, double max) {

        /** "41200 (38900–43100)"; the median alone when every run gave the same figure. */
        @Override
        public String toString() {
            if (Double.isNaN(median)) {
                return "n/a";
            }
            return min == max ? Report.fmt(median)
                    : Report.fmt(median) + " (" + Report.fmt(min) + "–" + Report.fmt(max) + ")";
        }
    }
}
