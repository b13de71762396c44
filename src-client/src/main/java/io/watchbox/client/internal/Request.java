package io.watchbox.client.internal;

import io.watchbox.client.MessageHandler;
import java.util.concurrent.CompletableFuture;

/**
 * One request the server will answer with {@code ok} or {@code error}. Its future completes with
 * the server's {@code ok}, or with {@link #SETTLED} when the client settles it without asking.
 */
public final class Request {

    public enum Kind { SUB, UNSUB, PUB }

    /** The answer of a sub or unsub that a reconnect made needless: the subscription table has what the user wants. */
    public static final ServerFrame.Ok SETTLED = new ServerFrame.Ok(null, null, null);

    private final String id;
    private final Kind kind;
    private final String group;
    private final String text;
    private final String encoding;
    private final MessageHandler handler;
    private final CompletableFuture<ServerFrame.Ok> future;

    private Request(String id, Kind kind, String group, String text, String encoding, MessageHandler handler,
            CompletableFuture<ServerFrame.Ok> future) {
        this.id = id;
        this.kind = kind;
        this.group = group;
        this.text = text;
        this.encoding = encoding;
        this.handler = handler;
        this.future = future;
    }

    public static Request subscribe(String id, String group, MessageHandler handler, CompletableFuture<ServerFrame.Ok> future) {
        return new Request(id, Kind.SUB, group, null, null, handler, future);
    }

    public static Request unsubscribe(String id, String group, CompletableFuture<ServerFrame.Ok> future) {
        return new Request(id, Kind.UNSUB, group, null, null, null, future);
    }

    public static Request publish(String id, String group, String text, CompletableFuture<ServerFrame.Ok> future) {
        return publish(id, group, text, null, future);
    }

    /** A publish whose {@code msg} is in this encoding: {@code base64} for bytes, or null for text. */
    public static Request publish(String id, String group, String msg, String encoding, CompletableFuture<ServerFrame.Ok> future) {
        return new Request(id, Kind.PUB, group, msg, encoding, null, future);
    }

    public ClientFrame frame() {
        return switch (kind) {
            case SUB -> new ClientFrame.Subscribe(id, group);
            case UNSUB -> new ClientFrame.Unsubscribe(id, group);
            case PUB -> new ClientFrame.Publish(id, group, text, encoding);
        };
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public String group() {
        return group;
    }

    /** The handler a subscribe registered, null for other kinds. */
    public MessageHandler handler() {
        return handler;
    }

    public CompletableFuture<ServerFrame.Ok> future() {
        return future;
    }

    @Override
    public String toString() {
        return kind + "#" + id + "(" + group + ")";
    }
}
