package io.watchbox.internal.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.internal.LogRecorder;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.SubscriptionTable;
import io.watchbox.internal.mqtt.session.InFlight;
import io.watchbox.internal.mqtt.session.MqttSnapshot;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.retained.RetainedMessage;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.session.SessionSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store file: what goes in comes out, written safely; what this version cannot read is refused and kept aside. */
class StoreFileTest {

    @TempDir
    Path directory;

    private static EncodedMessage message(String group, String text, int qos) {
        return new EncodedMessage("\"group\":\"" + group + "\",\"msg\":\"" + text + "\"}", EncodedMessage.UNTIMED, group,
                Payload.ofText(text), "pub", EncodedMessage.Retain.NONE,
                MessageProperties.builder().contentType("text/plain").user("k", "v").build()).withQos(qos);
    }

    private static StoredState state() {
        SessionSnapshot json = new SessionSnapshot("app1", "key1", null, Set.of("room", "news/#"), 7,
                List.of(message("room", "six", 0), message("room", "seven", 0)), Session.TIMEOUT_SETTING, null);
        MqttSnapshot mqtt = new MqttSnapshot(Map.of("room", new SubscriptionTable.Entry(2, false, true, 4)),
                List.of(new InFlight(11, message("room", "in flight", 1), 1, false),
                        new InFlight(12, message("room", "released", 2), 2, true)),
                3, Set.of(8, 9));
        SessionSnapshot device = new SessionSnapshot("dev1", "key2", "alice", Set.of("room"), 4,
                List.of(message("room", "queued", 2)), 300_000, mqtt);
        return new StoredState(1_000, List.of(new StoredSession(json, 900), new StoredSession(device, 1_000)),
                List.of(new RetainedMessage("news/a", Payload.ofText("héllo"), null, 5),
                        new RetainedMessage("raw", Payload.ofBytes(new byte[] {0, (byte) 0xff, 1}), "dev1", 6)));
    }

    @Test
    void sessionsWithTheirMqttStateAndRetainedMessagesComeBackAsTheyWent() throws Exception {
        StoreFile file = new StoreFile(directory);
        StoredState written = state();
        file.write(written, true);

        StoredState read = file.read().orElseThrow();

        assertEquals(1_000, read.savedAt());
        assertEquals(List.of("app1", "dev1"), read.sessions().stream().map(s -> s.snapshot().uid()).toList());
        SessionSnapshot json = read.sessions().get(0).snapshot();
        assertEquals(List.of("key1", Set.of("room", "news/#"), 7L, Session.TIMEOUT_SETTING, 900L),
                List.of(json.resumeKey(), json.groups(), json.lastSeq(), json.expiryMillis(), read.sessions().get(0).awaySince()));
        StoredSession device = read.sessions().get(1);
        assertEquals(1_000, device.awaySince());
        assertEquals("alice", device.snapshot().owner());
        assertEquals(300_000, device.snapshot().expiryMillis());
        MqttSnapshot mqtt = device.snapshot().mqtt();
        assertEquals(List.of(11, 12), mqtt.inFlight().stream().map(InFlight::packetId).toList());
        assertEquals(List.of(false, true), mqtt.inFlight().stream().map(InFlight::released).toList());
        assertEquals("in flight", mqtt.inFlight().get(0).message().payload().text());
        assertEquals("text/plain", mqtt.inFlight().get(0).message().properties().contentType());
        assertEquals(Set.of(8, 9), mqtt.awaitingRelease());
        assertEquals(3, mqtt.lastTakenSeq());
        assertEquals(List.of(1, 2), mqtt.inFlight().stream().map(InFlight::qos).toList());
        assertEquals(new SubscriptionTable.Entry(2, false, true, 4), mqtt.subscriptions().get("room"));
        assertNull(read.sessions().get(0).snapshot().mqtt());
        assertEquals(List.of("six", "seven"), read.sessions().get(0).snapshot().kept().stream()
                .map(m -> m.payload().text()).toList());
        assertEquals(Payload.ofText("héllo"), read.retained().get(0).payload());
        assertTrue(read.retained().get(0).payload().isText());
        assertArrayEquals(new byte[] {0, (byte) 0xff, 1}, read.retained().get(1).payload().toByteArray());
        assertEquals("dev1", read.retained().get(1).from());
    }

    @Test
    void aWriteLeavesOnlyTheStoreFileBehind() throws Exception {
        new StoreFile(directory).write(state(), false);

        assertEquals(List.of("watchbox.store"), names());
    }

    @Test
    void aSnapshotThatEndsAfterTheFinalStateDoesNotReplaceIt() throws Exception {
        StoreFile file = new StoreFile(directory);
        file.write(state(), true);

        assertEquals(0, file.write(new StoredState(2_000, List.of(), List.of()), false));
        assertEquals(1_000, file.read().orElseThrow().savedAt());
    }

    @Test
    void noFileIsAnEmptyStart() {
        assertEquals(Optional.empty(), new StoreFile(directory).read());
    }

    @Test
    void aCorruptFileIsRefused() throws Exception {
        byte[] bytes = StoreFormat.encode(state());
        bytes[bytes.length / 2] ^= 0x10;

        assertRefused(bytes, "corrupt");
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        byte[] bytes = StoreFormat.encode(state());

        assertRefused(java.util.Arrays.copyOf(bytes, bytes.length - 20), "truncated");
    }

    @Test
    void aForeignFileIsRefused() throws Exception {
        assertRefused("{\"sessions\": [], \"this is\": \"someone else's file\"}".getBytes(), "not a Watchbox store");
    }

    @Test
    void aFileOfANewerVersionIsRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(StoreFormat.MAGIC);
            out.writeInt(StoreFormat.VERSION + 1);
            out.writeInt(4);
            out.writeInt(0);
            out.writeLong(0);
        }

        assertRefused(bytes.toByteArray(), "newer");
    }

    private void assertRefused(byte[] bytes, String why) throws IOException {
        Path file = directory.resolve("watchbox.store");
        Files.write(file, bytes);

        Optional<StoredState> read;
        List<LogRecord> warnings;
        try (LogRecorder errors = LogRecorder.on(LoggingLevel.error())) {
            read = new StoreFile(directory).read();
            warnings = errors.at(Level.WARNING);
        }

        assertEquals(Optional.empty(), read);
        assertEquals(1, warnings.size());
        String message = warnings.get(0).getMessage();
        assertTrue(message.contains(file.toString()) && message.contains(why), message);
        assertFalse(Files.exists(file));
        List<String> names = names();
        assertEquals(1, names.size());
        assertTrue(names.get(0).startsWith("watchbox.store.") && names.get(0).endsWith(".refused"), names.toString());
        assertArrayEquals(bytes, Files.readAllBytes(directory.resolve(names.get(0))), "kept aside as it was");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
