package io.watchbox.it;

import io.watchbox.client.ConnectionListener;
import io.watchbox.client.Message;
import io.watchbox.client.MessageHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a {@link io.watchbox.client.WatchboxClient} hands its handler and listener. */
final class Recorder implements MessageHandler, ConnectionListener {

    final List<Message> messages = new CopyOnWriteArrayList<>();
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    final List<Boolean> reconnects = new CopyOnWriteArrayList<>();
    final List<Long> skipped = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Message message) {
        messages.add(message);
    }

    @Override
    public void onDisconnect(String reason) {
        disconnects.add(reason);
    }

    @Override
    public void onReconnect(boolean resumed) {
        reconnects.add(resumed);
    }

    @Override
    public void onSkipped(long count) {
        skipped.add(count);
    }

    List<String> texts() {
        return messages.stream().map(Message::text).toList();
    }
}
