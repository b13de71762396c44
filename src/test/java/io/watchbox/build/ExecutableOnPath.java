package io.watchbox.build;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** A program the shell would run, looked up on the PATH the same way on Linux, macOS and Windows. */
final class ExecutableOnPath {

    private ExecutableOnPath() {
    }

    /** The first {@code name} on the PATH ({@code name.exe} or {@code name.cmd} first on Windows). */
    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        List<String> names = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows")
                ? List.of(name + ".exe", name + ".cmd", name)
                : List.of(name);
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .flatMap(dir -> names.stream().map(candidate -> Path.of(dir, candidate)))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }
}
