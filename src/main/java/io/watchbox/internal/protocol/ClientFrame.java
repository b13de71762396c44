package io.watchbox.internal.protocol;

/**
 * A decoded frame from a client. {@code id} is the optional request id that the reply echoes.
 */
public sealed interface ClientFrame {

    RequestId id();

    /**
     * First frame of a connection: names (or asks for) a session and, to resume, the last seq seen
     * and the session's resume key; a token says who the client is.
     */
    /** @param batch whether the client takes several objects per text frame, separated by {@code \n} */
    record Hello(RequestId id, String uid, Long since, String resume, String token, boolean batch) implements ClientFrame {
    }

    record Subscribe(RequestId id, String group) implements ClientFrame {
    }

    record Unsubscribe(RequestId id, String group) implements ClientFrame {
    }

    /**
     * @param payload the {@code msg}: its text, or the bytes of its base64 when {@code "encoding": "base64"}
     * @param retain  whether the group keeps the message as its retained one (an empty one clears it)
     */
    record Publish(RequestId id, String group, Payload payload, boolean retain) implements ClientFrame {
        public Publish(RequestId id, String group, Payload payload) {
            this(id, group, payload, false);
        }
    }

    record Ping(RequestId id) implements ClientFrame {
    }

    record Bye(RequestId id) implements ClientFrame {
    }

    /** A frame that could not be decoded; carries the error the client gets. */
    record Malformed(RequestId id, ErrorCode code, String reason) implements ClientFrame {
    }
}
