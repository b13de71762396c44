package io.watchbox.client.internal;

/** A frame the client sends. {@code id} is the request id the reply echoes, or null. */
public sealed interface ClientFrame {

    /** {@code resume} is the key the session's welcome gave, presented on every reconnect; {@code token} the credential. */
    /** @param batch asks the server for several objects per text frame, separated by {@code \n} */
    record Hello(String uid, Long since, String resume, String token, boolean batch) implements ClientFrame {
    }

    record Subscribe(String id, String group) implements ClientFrame {
    }

    record Unsubscribe(String id, String group) implements ClientFrame {
    }

    /** {@code encoding} is null for text, or {@code base64} when {@code msg} is the base64 of bytes. */
    record Publish(String id, String group, String msg, String encoding) implements ClientFrame {

        public Publish(String id, String group, String msg) {
            this(id, group, msg, null);
        }
    }

    record Ping() implements ClientFrame {
    }

    record Bye() implements ClientFrame {
    }
}
