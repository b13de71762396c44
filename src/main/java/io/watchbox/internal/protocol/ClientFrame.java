package io.watchbox.internal.protocol;

/**
 * A decoded frame from a client. {@code id} is the optional request id that the reply echoes.
 */
public sealed interface ClientFrame {

    String id();

    /** First frame of a connection: names (or asks for) a session and, to resume, the last seq seen. */
    record Hello(String id, String uid, Long since) implements ClientFrame {
    }

    record Subscribe(String id, String group) implements ClientFrame {
    }

    record Unsubscribe(String id, String group) implements ClientFrame {
    }

    record Publish(String id, String group, String msg) implements ClientFrame {
    }

    record Ping(String id) implements ClientFrame {
    }

    record Bye(String id) implements ClientFrame {
    }

    /** A frame that could not be decoded; carries the error the client gets. */
    record Malformed(String id, ErrorCode code, String reason) implements ClientFrame {
    }
}
