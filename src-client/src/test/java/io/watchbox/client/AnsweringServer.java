package io.watchbox.client;

import io.watchbox.client.internal.Transport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A server that answers by itself, for tests that run a whole command (which waits for its answers
 * on its own thread): it welcomes every hello, and answers each {@code pub} with what the test's
 * function makes of it. Public for the command line's tests, in another package.
 */
public final class AnsweringServer implements Transport {

    private final Function<JsonObject, JsonObjectBuilder> answerToPub;
    private final List<JsonObject> publishes = new CopyOnWriteArrayList<>();

    /** @param answerToPub the answer to a {@code pub} frame, without its {@code id} */
    public AnsweringServer(Function<JsonObject, JsonObjectBuilder> answerToPub) {
        this.answerToPub = answerToPub;
    }

    /** Gives a client builder this server instead of the network. */
    public UnaryOperator<WatchboxClient.Builder> serving() {
        return builder -> builder.transport(this);
    }

    /** The {@code pub} frames received so far. */
    public List<JsonObject> publishes() {
        return publishes;
    }

    @Override
    public CompletionStage<Connection> connect(URI uri, Duration timeout, Listener listener) {
        return CompletableFuture.completedFuture(new Connection() {
            @Override
            public void send(String text) {
                JsonObject frame;
                try (var reader = Json.createReader(new StringReader(text))) {
                    frame = reader.readObject();
                }
                switch (frame.getString("type")) {
                    case "hello" -> listener.onText(Json.createObjectBuilder().add("type", "welcome").add("uid", "u1")
                            .add("resumed", false).add("timeout", 60).build().toString());
                    case "pub" -> {
                        publishes.add(frame);
                        listener.onText(answerToPub.apply(frame).add("id", frame.getString("id")).build().toString());
                    }
                    default -> {
                    }
                }
            }

            @Override
            public CompletionStage<?> close(int code, String reason) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void abort() {
            }
        });
    }
}
