package io.watchbox.client;

import io.watchbox.client.FakeTransport.FakeConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A client wired to a fake transport, a manual scheduler and direct executors, so that a test
 * runs entirely on its own thread and decides when time passes. Random jitter is fixed at the
 * bottom of its range unless a test sets {@link #jitter}.
 */
final class Harness {
    static final URI SERVER = URI.create("ws://watchbox.test/watchbox");

    final FakeTransport transport = new FakeTransport();
    final ManualScheduler scheduler = new ManualScheduler();
    final RecordingListener listener = new RecordingListener();
    final WatchboxClient client;
    double jitter;

    Harness() {
        this(builder -> builder);
    }

    Harness(UnaryOperator<WatchboxClient.Builder> configure) {
        WatchboxClient.Builder builder = WatchboxClient.builder(SERVER)
                .listener(listener)
                .callbackExecutor(Runnable::run)
                .transport(transport)
                .scheduler(scheduler)
                .clock(scheduler.clock())
                .random(() -> jitter)
                .completionExecutor(Runnable::run);
        client = configure.apply(builder).build();
    }

    /** connect(), the server accepts and welcomes with a new session. */
    FakeConnection connect() {
        client.connect();
        FakeConnection connection = transport.nextDial().accept();
        connection.welcome("u1", false, 10);
        return connection;
    }

    /** After a drop: waits out the backoff, then the server accepts and welcomes. */
    FakeConnection reconnect(boolean resumed) {
        scheduler.runNextTimer();
        FakeConnection connection = transport.nextDial().accept();
        connection.welcome("u1", resumed, 10);
        return connection;
    }

    /** Records connection events as short strings, e.g. "disconnect:replaced". */
    static final class RecordingListener implements ConnectionListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onDisconnect(String reason) {
            events.add("disconnect:" + reason);
        }

        @Override
        public void onReconnect(boolean resumed) {
            events.add("reconnect:" + resumed);
        }

        @Override
        public void onSkipped(long count) {
            events.add("skipped:" + count);
        }
    }

    /** A handler that keeps what it got. */
    static final class Inbox implements MessageHandler {
        final List<Message> messages = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(Message message) {
            messages.add(message);
        }

        List<String> texts() {
            return messages.stream().map(Message::text).toList();
        }

        List<Long> seqs() {
            return messages.stream().map(Message::seq).toList();
        }
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
