package io.watchbox.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The test server's messages.log and FFDC folder: what was logged at error level since a mark.
 * A restart rolls messages.log over; a log shorter than the mark is read from its start.
 */
final class ServerLog {

    /**
     * FFDC incidents from Liberty's TCP channel (CancelledKeyException in the write selector, an NPE in
     * WorkQueueManager.queueIO) happen when a client resets its connection while the server writes to it;
     * they are Liberty's, end only that connection, and are reported but not counted as errors.
     */
    private static final String TOLERATED = "Source = com.ibm.ws.tcpchannel.internal.";
    /**
     * The web container's own FFDC when a client resets its connection while Liberty writes an HTTP
     * answer's headers (seen in ChaosIT, whose proxy resets connections mid-handshake): the same race
     * in Liberty, told by its source and by the reset.
     */
    private static final String TOLERATED_WEB = "Source = com.ibm.ws.webcontainer.srt31.SRTConnectionContext.finishConnection";
    private static final List<String> RESETS = List.of("Connection reset by peer", "Broken pipe");

    private final Path dir = Path.of(System.getProperty("watchbox.it.wlp"), "usr", "servers",
            System.getProperty("watchbox.it.server"), "logs");
    private final long offset;
    private final Set<String> ffdcBefore;

    private ServerLog(long offset, Set<String> ffdcBefore) {
        this.offset = offset;
        this.ffdcBefore = ffdcBefore;
    }

    /** Remembers where the log ends now. */
    static ServerLog mark() {
        ServerLog probe = new ServerLog(0, Set.of());
        try {
            Path log = probe.dir.resolve("messages.log");
            return new ServerLog(Files.exists(log) ? Files.size(log) : 0, probe.ffdcFiles());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** For a server about to start: its whole next messages.log, and FFDC files from now on. */
    static ServerLog beforeStart() {
        ServerLog probe = new ServerLog(0, Set.of());
        try {
            return new ServerLog(0, probe.ffdcFiles());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Error lines (" E ") and new FFDC incident files since the mark. */
    List<String> errorsSince() {
        List<String> found = new ArrayList<>();
        try {
            Path log = dir.resolve("messages.log");
            if (Files.exists(log)) {
                long size = Files.size(log);
                try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                    long from = size < offset ? 0 : offset;
                    byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 16, size - from)];
                    file.seek(from);
                    file.readFully(bytes);
                    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                        if (line.contains(" E ")) {
                            found.add(line.strip());
                        }
                    }
                }
            }
            for (String ffdc : ffdcFiles()) {
                if (!ffdcBefore.contains(ffdc) && ffdc.startsWith("ffdc_")) {
                    String incident = Files.readString(dir.resolve("ffdc").resolve(ffdc), StandardCharsets.ISO_8859_1);
                    if (isLibertyRacingAReset(incident)) {
                        System.out.println("[ServerLog] tolerated " + ffdc + ": " + incident.lines().limit(4).toList());
                    } else {
                        found.add("FFDC " + ffdc + ": " + incident.lines().limit(4).toList());
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    /** Liberty's own TCP channel or web container racing with a client that reset its connection. */
    private static boolean isLibertyRacingAReset(String incident) {
        return incident.contains(TOLERATED)
                || incident.contains(TOLERATED_WEB) && RESETS.stream().anyMatch(incident::contains);
    }

    private Set<String> ffdcFiles() throws IOException {
        Path ffdc = dir.resolve("ffdc");
        if (!Files.isDirectory(ffdc)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(ffdc)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
