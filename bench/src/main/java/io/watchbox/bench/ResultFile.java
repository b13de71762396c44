package io.watchbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The results file bench/run hands to {@link Report} (bench/cluster to {@link ClusterReport}): one
 * line of {@code key=value} pairs per run, appended, and echoed to standard output
 * (bench/target/logs/generator.log) after "result ". The run's conditions, when bench/run gave
 * them, end each line.
 */
final class ResultFile {

    private final Path path;
    private final Optional<RunConditions> conditions;

    ResultFile(Path path, Optional<RunConditions> conditions) {
        this.path = path;
        this.conditions = conditions;
    }

    void append(Map<String, Object> result) throws IOException {
        Map<String, Object> fields = conditions.isPresent() ? conditions.get().addTo(result) : result;
        StringBuilder line = new StringBuilder();
        fields.forEach((k, v) -> line.append(line.length() == 0 ? "" : " ").append(k).append('=').append(v));
        System.out.println("result " + line);
        Files.writeString(path, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Every result line of a results file, its pairs in their order. */
    static List<Map<String, String>> read(Path path) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            Map<String, String> row = new LinkedHashMap<>();
            for (String pair : line.trim().split(" ")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    row.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            if (!row.isEmpty()) {
                rows.add(row);
            }
        }
        return rows;
    }
}
