package io.watchbox.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The generator's options: the {@code --key value} pairs after the workload's name. */
final class Arguments {

    private final Map<String, String> values;

    private Arguments(Map<String, String> values) {
        this.values = values;
    }

    /** Reads argv from index 1 on; argv[0] names the workload. */
    static Arguments parse(String[] argv) {
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i + 1 < argv.length; i += 2) {
            values.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        return new Arguments(values);
    }

    int integer(String key, int fallback) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
    }

    String text(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** {@code --system} and {@code --url} (several replicas' URLs separated by commas in the cluster bench). */
    SystemUnderTest system() {
        return new SystemUnderTest(values.get("system"), values.get("url"));
    }

    /** {@code --pid}: the server process whose CPU and memory are sampled. */
    long pid() {
        return Long.parseLong(values.get("pid"));
    }

    /** {@code --pid}: the server's processes (one per replica, separated by commas), whose CPU and writes are counted. */
    List<Long> pids() {
        return Arrays.stream(values.get("pid").split(",")).map(Long::parseLong).toList();
    }

    /** {@code --redis HOST:PORT}: the Redis the replicas relay through, whose counters the cluster bench reads. */
    Optional<String> redis() {
        return Optional.ofNullable(values.get("redis"));
    }

    /** {@code --out}: the results file the result line is appended to. */
    Path out() {
        return Path.of(values.get("out"));
    }
}
