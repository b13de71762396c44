package io.watchbox.internal.core;

import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.core.store.StoreFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one snapshot of {@code watchbox.store} costs, in time and bytes, for a given number of
 * sessions and kept messages: a program, not a test (its figures are in docs/operations.md).
 * Run it with the test class path: {@code StoreSnapshotCost <sessions> <messages> <message bytes>}.
 */
public final class StoreSnapshotCost {

    private static final int ROUNDS = 20;

    public static void main(String[] args) throws Exception {
        int sessions = Integer.parseInt(args[0]);
        int messages = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        LoggingLevel.apply(1);
        Path directory = Files.createTempDirectory("watchbox-store-cost");
        Broker broker = new Broker(ValidSettings.DEFAULTS.toBuilder().listlimit(messages).maxclients(sessions + 1).build(),
                new MutableClock(), new RecordingEvents());
        broker.keepIn(new StoreFile(directory));
        for (int i = 0; i < sessions; i++) {
            Client.subscribed(broker, "s" + i, "room").drop();
        }
        Client publisher = Client.subscribed(broker, "publisher");
        String text = "x".repeat(size);
        for (int i = 0; i < messages; i++) {
            publisher.publish("room", text);
        }
        publisher.drop();
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long started = System.nanoTime();
            broker.snapshotToStore();
            long took = System.nanoTime() - started;
            if (round >= ROUNDS / 2) { // the first half warms the JIT up
                best = Math.min(best, took);
                total += took;
            }
        }
        long bytes = Files.size(directory.resolve("watchbox.store"));
        System.out.printf("%d sessions x %d messages of %d bytes: %d bytes (%.0f per session, %.1f per message),"
                        + " best %.1f ms, mean %.1f ms of %d snapshots%n",
                sessions, messages, size, bytes, (double) bytes / sessions, (double) bytes / ((long) sessions * messages),
                best / 1e6, total / 1e6 / (ROUNDS / 2), ROUNDS / 2);
        broker.shutdown();
    }
}
