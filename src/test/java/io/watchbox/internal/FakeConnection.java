package io.watchbox.internal;

import io.watchbox.internal.session.Connection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A connection that records what the server sends and how it closes. Sends complete at once (on
 * the sending thread) unless the test holds them, which simulates a slow socket.
 */
public final class FakeConnection implements Connection {

    /** A close the server asked for. */
    public record Close(int code, String reason) {
    }

    private final List<String> sent = new ArrayList<>();
    private final List<Close> closes = new ArrayList<>();
    /** Sends and closes in the order they happened: a frame's text, or "close CODE". */
    private final List<String> transcript = new ArrayList<>();
    private final Deque<Consumer<Throwable>> held = new ArrayDeque<>();
    private boolean holding;
    private int inFlight;
    private int maxInFlight;

    @Override
    public void send(String text, Consumer<Throwable> done) {
        synchronized (this) {
            sent.add(text);
            transcript.add(text);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            if (holding) {
                held.add(done);
                return;
            }
            inFlight--;
        }
        done.accept(null);
    }

    @Override
    public synchronized void close(int code, String reason) {
        closes.add(new Close(code, reason));
        transcript.add("close " + code);
    }

    /** From now on, sends stay in flight until {@link #completeNext()} or {@link #release()}. */
    public synchronized FakeConnection hold() {
        holding = true;
        return this;
    }

    /** Completes the oldest held send successfully (on the calling thread); false if none was held. */
    public boolean completeNext() {
        return completeNext(null);
    }

    /** Completes the oldest held send with this failure. */
    public boolean failNext(Throwable failure) {
        return completeNext(failure);
    }

    /** Stops holding: completes what is held, and later sends complete at once. */
    public void release() {
        synchronized (this) {
            holding = false;
        }
        while (completeNext()) {
            // the completion may start the next send, which now completes inline
        }
    }

    private boolean completeNext(Throwable failure) {
        Consumer<Throwable> done;
        synchronized (this) {
            done = held.poll();
            if (done == null) {
                return false;
            }
            inFlight--;
        }
        done.accept(failure);
        return true;
    }

    public synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    public synchronized int sentCount() {
        return sent.size();
    }

    public List<JsonObject> frames() {
        return sent().stream().map(FakeConnection::parse).toList();
    }

    public List<JsonObject> frames(String type) {
        return frames().stream().filter(f -> f.getString("type").equals(type)).toList();
    }

    public JsonObject lastFrame() {
        List<JsonObject> frames = frames();
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }

    public synchronized List<Close> closes() {
        return List.copyOf(closes);
    }

    public synchronized List<Integer> closeCodes() {
        return closes.stream().map(Close::code).toList();
    }

    public synchronized List<String> transcript() {
        return List.copyOf(transcript);
    }

    public synchronized int maxInFlight() {
        return maxInFlight;
    }

    public synchronized int heldCount() {
        return held.size();
    }

    public static JsonObject parse(String frame) {
        try (var reader = Json.createReader(new StringReader(frame))) {
            return reader.readObject();
        }
    }
}
