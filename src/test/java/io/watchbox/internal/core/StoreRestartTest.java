package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.EndReason;
import io.watchbox.Settings;
import io.watchbox.WatchboxTimeout;
import io.watchbox.internal.LogRecorder;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.mqtt.codec.Bytes;
import io.watchbox.internal.mqtt.codec.MqttVersion;
import io.watchbox.internal.mqtt.codec.Packet;
import io.watchbox.internal.mqtt.codec.Properties;
import io.watchbox.internal.mqtt.codec.ReasonCode;
import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.core.store.StoreFile;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watchbox.store} on a single server: a broker that stops saves its sessions and retained
 * messages, and the next one started on the same directory resumes them, counting the time away.
 */
class StoreRestartTest {

    private static final Settings SETTINGS = ValidSettings.DEFAULTS.withTimeout(10).toBuilder().mqttmaxsessionexpiry(600)
            .build();

    @TempDir
    Path directory;
    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();

    private Broker start() {
        Broker broker = new Broker(SETTINGS, clock, events);
        broker.keepIn(new StoreFile(directory));
        return broker;
    }

    @Test
    void aPublishThatReachesTheServerAfterItsFinalStateWasTakenIsRefusedRatherThanConfirmedAndLost() {
        Broker before = start();
        Client client = Client.subscribed(before, "app1", "room");
        client.drop();
        before.shutdown();

        assertThrows(ServerStoppingException.class, () -> before.publishAnswering("room", Payload.ofText("late"), false),
                "the REST publish answers 503, the pub gets no ok, the MQTT PUBLISH no PUBACK");
        Client again = new Client(start());
        assertTrue(again.resume(client, 0).getBoolean("resumed"));
        assertEquals(List.of(), again.texts());
    }

    @Test
    void aJsonSessionResumesAfterARestartWithTheMessagesItKeptAfterSince() throws Exception {
        Broker before = start();
        Client client = Client.subscribed(before, "app1", "room");
        Client publisher = Client.subscribed(before, "pub");
        publisher.publish("room", "seen");
        client.drop();
        publisher.publish("room", "away1");
        publisher.publish("room", "away2");
        before.publishRetained("news", "latest");
        before.shutdown();

        Broker after = start();
        Client again = new Client(after);
        JsonObject welcome = again.resume(client, 1);

        assertTrue(welcome.getBoolean("resumed"));
        assertEquals(List.of("away1", "away2"), again.texts());
        assertEquals(List.of(2L, 3L), again.seqs());
        Client.subscribed(after, "pub2").publish("room", "new");
        assertEquals(List.of("away1", "away2", "new"), again.texts(), "its subscription is back in the index");
        assertEquals(List.of("latest"), Client.subscribed(after, "late", "news").texts());
        assertEquals(List.of(), events.ended());
    }

    @Test
    void anMqttSessionComesBackWithItsMessagesInFlightAgainWithDupThenTheQueuedOnesAndItsQos2Receipts() {
        Broker before = start();
        MqttClient device = new MqttClient(before, MqttVersion.V5, "alice").connectPersistent("dev1", 300)
                .subscribe(1, "room", 2);
        MqttClient publisher = new MqttClient(before, MqttVersion.V5).connect("pub");
        publisher.publish("room", "q1", 1, 1);
        publisher.publish("room", "q2", 2, 2);
        Packet.Publish q2 = device.last(Packet.Publish.class);
        device.ack(new Packet.Pubrec(q2.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
        device.publish("in", "once", 2, 8); // received, not yet released by the device
        device.drop();
        publisher.publish("room", "offline1", 1, 3);
        publisher.publish("room", "offline2", 2, 4);
        before.shutdown();

        Broker after = start();
        Client watcher = Client.subscribed(after, "watcher", "in");
        MqttClient again = new MqttClient(after, MqttVersion.V5, "alice").connectPersistent("dev1", 300);

        assertTrue(again.last(Packet.Connack.class).sessionPresent());
        List<Packet.Publish> resent = again.received(Packet.Publish.class);
        assertEquals(List.of("q1", "offline1", "offline2"), again.payloads());
        assertEquals(List.of(true, false, false), resent.stream().map(Packet.Publish::dup).toList());
        assertEquals(List.of(new Packet.Pubrel(q2.packetId(), ReasonCode.SUCCESS, Properties.EMPTY)),
                again.received(Packet.Pubrel.class), "a released QoS 2 message is released again, not resent");
        again.send(new Packet.Publish("in", Bytes.copyOf("once".getBytes(StandardCharsets.UTF_8)), 2, false, true, 8,
                Properties.EMPTY));
        again.send(new Packet.Pubrel(8, ReasonCode.SUCCESS, Properties.EMPTY));
        assertEquals(List.of(), watcher.texts(), "its receipt of the QoS 2 message was kept: it is not published twice");
        assertEquals(ReasonCode.SUCCESS, again.last(Packet.Pubcomp.class).reason());
    }

    @Test
    void aClientConnectedWhenTheServerStopsIsAwayFromTheStopOn() {
        Broker before = start();
        Client client = Client.subscribed(before, "app1", "room");
        clock.advance(Duration.ofSeconds(60)); // connected all along: this does not count
        before.shutdown();
        clock.advance(Duration.ofSeconds(9));

        assertTrue(new Client(start()).resume(client, 0).getBoolean("resumed"));
    }

    @Test
    void theTimeAwayCountsTheDowntimeAndASessionThatExpiredWhileTheServerWasDownIsNotRestored() {
        Broker before = start();
        Client gone = Client.subscribed(before, "gone", "room");
        Client kept = Client.subscribed(before, "kept", "room");
        gone.drop();
        clock.advance(Duration.ofSeconds(5));
        kept.drop();
        before.shutdown();
        clock.advance(Duration.ofSeconds(6)); // gone: away 11 s, kept: away 6 s of its 10

        Broker after = start();
        assertFalse(new Client(after).resume(gone, 0).getBoolean("resumed"));
        assertEquals(List.of(), events.ended(), "it ended while the server was down, unseen: no event");
        clock.advance(Duration.ofSeconds(4));
        after.sweep();
        assertEquals(List.of(new WatchboxTimeout("kept", EndReason.TIMEOUT)), events.ended(),
                "the other one times out 10 s after it left, downtime included");
    }

    @Test
    void anMqttSessionThatEndsWithItsConnectionIsNotKept() {
        Broker before = start();
        new MqttClient(before, MqttVersion.V5).connect("clean").subscribe(1, "room", 1);
        before.shutdown();

        MqttClient again = new MqttClient(start(), MqttVersion.V5).connectPersistent("clean", 300);
        assertFalse(again.last(Packet.Connack.class).sessionPresent());
    }

    @Test
    void aRefusedStoreFileIsNamedInTheLogMovedAsideAndTheServerStartsEmpty() throws IOException {
        Path file = directory.resolve("watchbox.store");
        Files.writeString(file, "not a store at all, but long enough to be read");
        Broker broker;
        try (LogRecorder errors = LogRecorder.on(LoggingLevel.error())) {
            broker = start();
            List<String> warnings = errors.at(Level.WARNING).stream().map(r -> r.getMessage()).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains(file.toString()), warnings.get(0));
        }
        assertFalse(Files.exists(file));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().endsWith(".refused")).count());
        }
        assertFalse(new Client(broker).resume("app1", 0).getBoolean("resumed"));
        assertEquals(List.of(), Client.subscribed(broker, "late", "#").texts());
    }

    @Test
    void aPeriodicSnapshotKeepsWhatWasQueuedUpToItAndTheSessionsGoOn() {
        Broker before = start();
        Client client = Client.subscribed(before, "app1", "room");
        Client publisher = Client.subscribed(before, "pub");
        client.drop();
        publisher.publish("room", "before the snapshot");
        before.snapshotToStore();
        publisher.publish("room", "after it"); // a crash now loses this one

        Client stillHere = new Client(before);
        assertTrue(stillHere.resume(client, 0).getBoolean("resumed"));
        assertEquals(List.of("before the snapshot", "after it"), stillHere.texts());

        Client afterCrash = new Client(start()); // no shutdown: a crash
        assertTrue(afterCrash.resume(client, 0).getBoolean("resumed"));
        assertEquals(List.of("before the snapshot"), afterCrash.texts());
    }
}
