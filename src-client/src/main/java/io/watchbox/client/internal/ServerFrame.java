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

    /** {@code delivered} is present only in the reply to a {@code pub}. */
    record Ok(String id, Integer delivered) implements ServerFrame {
    }

    record Error(String id, String code, String reason) implements ServerFrame {
    }

    record Pong() implements ServerFrame {
    }

    /** Valid JSON the client does not understand; ignored. */
    record Unknown(String type) implements ServerFrame {
    }
}
