package io.watchbox.client.internal;

/** A frame received from the server. */
public sealed interface ServerFrame {

    /** {@code resume} is the session's secret resume key (null from a server that has none). */
    record Welcome(String uid, boolean resumed, int timeoutSeconds, int listlimit, String resume) implements ServerFrame {
    }

    /** {@code encoding} is null for text, or {@code base64} when {@code msg} is the base64 of bytes. */
    record Msg(long seq, String group, String msg, String from, String encoding) implements ServerFrame {

        public Msg(long seq, String group, String msg, String from) {
            this(seq, group, msg, from, null);
        }
    }

    /**
     * {@code delivered} is present only in the reply to a {@code pub}; {@code relayed} is
     * {@code false} for a {@code pub} the other replicas of a cluster did not get, and null when the
     * server left it out (it was relayed, or there is nothing to relay to).
     */
    record Ok(String id, Integer delivered, Boolean relayed) implements ServerFrame {

        public Ok(String id, Integer delivered) {
            this(id, delivered, null);
        }
    }

    record Error(String id, String code, String reason) implements ServerFrame {
    }

    record Pong() implements ServerFrame {
    }

    /** Valid JSON the client does not understand; ignored. */
    record Unknown(String type) implements ServerFrame {
    }
}
