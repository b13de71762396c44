package io.watchbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The results file bench/run hands to {@link Report}: one line of {@code key=value} pairs per run,
 * appended, and echoed to standard output (bench/target/logs/generator.log) after "result ".
 */
final class ResultFile {

    private final Path path;

    ResultFile(Path path) {
        this.path = path;
    }

    void append(Map<String, Object> result) throws IOException {
        StringBuilder line = new StringBuilder();
        result.forEach((k, v) -> line.append(line.length() == 0 ? "" : " ").append(k).append('=').append(v));
        System.out.println("result " + line);
        Files.writeString(path, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
