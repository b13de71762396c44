package io.watchbox.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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

    /** {@code --system} and {@code --url}. */
    SystemUnderTest system() {
        return new SystemUnderTest(values.get("system"), values.get("url"));
    }

    /** {@code --pid}: the server process whose CPU and memory are sampled. */
    long pid() {
        return Long.parseLong(values.get("pid"));
    }

    /** {@code --out}: the results file the result line is appended to. */
    Path out() {
        return Path.of(values.get("out"));
    }
}
