package io.watchbox.internal.core.store;

import io.watchbox.internal.logging.LoggingLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The one store file of a server in the directory of {@code watchbox.store}. A write goes to a
 * temporary file, is forced to the disk and renamed over the old file in one step, so a crash
 * during a write leaves the previous file whole. A file this version cannot read is moved aside
 * ({@value #REFUSED}), logged, and the server starts without it.
 */
public final class StoreFile {

    public static final String KEY = "watchbox.store";
    static final String NAME = "watchbox.store";
    static final String REFUSED = ".refused";
    private static final Logger ERROR_LOG = LoggingLevel.error();
    private static final Logger SERVER_LOG = LoggingLevel.server();

    private final Path directory;
    private final Path file;
    private boolean closed;

    public StoreFile(Path directory) {
        this.directory = directory;
        this.file = directory.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /**
     * Writes the state in place of the last one; a state written with {@code last} (at stop) is the
     * final one, and a periodic snapshot that ends after it does not replace it.
     *
     * @return the number of bytes written; 0 when the final state was written already
     */
    public synchronized long write(StoredState state, boolean last) throws IOException {
        if (closed) {
            return 0;
        }
        closed = last;
        byte[] bytes = StoreFormat.encode(state);
        Files.createDirectories(directory);
        Path temporary = directory.resolve(NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the directory of " + KEY + " (" + directory + ") cannot rename a file atomically", e);
        }
        forceDirectory();
        return bytes.length;
    }

    /** The rename itself reaches the disk only with its directory (where the file system allows opening one). */
    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UncheckedIOException e) {
            // Not every platform opens directories; the rename is still atomic there.
        }
    }

    /**
     * The state the last stop (or snapshot) left, or empty when there is none or it is refused:
     * a refused file is logged (watchbox.error, WARNING) and moved aside, and nothing is restored.
     */
    public Optional<StoredState> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            SERVER_LOG.info(() -> "Watchbox store " + file + " does not exist yet: starting empty");
            return Optional.empty();
        } catch (IOException e) {
            ERROR_LOG.warning(() -> "Watchbox store " + file + " cannot be read (" + e + "): starting empty");
            return Optional.empty();
        }
        try {
            return Optional.of(StoreFormat.decode(bytes));
        } catch (RefusedStoreException e) {
            Path aside = file.resolveSibling(NAME + "." + System.currentTimeMillis() + REFUSED);
            String moved;
            try {
                Files.move(file, aside);
                moved = "moved to " + aside;
            } catch (IOException notMoved) {
                moved = "could not be moved aside (" + notMoved + ")";
            }
            String where = moved;
            ERROR_LOG.warning(() -> "Watchbox store " + file + " refused: " + e.getMessage() + "; " + where
                    + "; starting empty");
            return Optional.empty();
        }
    }
}
