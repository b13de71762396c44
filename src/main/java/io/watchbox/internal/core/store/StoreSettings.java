package io.watchbox.internal.core.store;

import io.watchbox.InvalidSettingException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The {@code watchbox.store.*} keys: where a single server keeps its sessions and retained messages
 * across a restart, and how often it takes a snapshot while it runs.
 *
 * @param directory       the directory of the store file (created when missing)
 * @param intervalSeconds seconds between snapshots; 0 saves only when the server stops
 */
public record StoreSettings(Path directory, int intervalSeconds) {

    public static final String DIRECTORY = "watchbox.store";
    public static final String INTERVAL = "watchbox.store.interval";
    public static final String DEFAULT_INTERVAL = "5";
    /** A day: beyond it a snapshot protects nothing a stop does not. */
    static final int MAX_INTERVAL = 86_400;

    public StoreSettings {
        if (intervalSeconds < 0 || intervalSeconds > MAX_INTERVAL) {
            throw new InvalidSettingException(INTERVAL, String.valueOf(intervalSeconds), range());
        }
    }

    /** The settings as configured: {@code directory} not blank, {@code interval} a whole number of seconds. */
    public static StoreSettings parse(String directory, String interval) {
        Path path;
        try {
            path = Path.of(directory.strip());
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(DIRECTORY, directory, "a directory path (" + e.getMessage() + ")");
        }
        try {
            return new StoreSettings(path, Integer.parseInt(interval == null ? DEFAULT_INTERVAL : interval.strip()));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(INTERVAL, interval, range());
        }
    }

    private static String range() {
        return "0 (only when the server stops) to " + MAX_INTERVAL + " seconds";
    }
}
