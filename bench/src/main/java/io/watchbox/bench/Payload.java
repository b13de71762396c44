package io.watchbox.bench;

/** Every published message: the {@code System.nanoTime()} of its send, '|', padding to 64 bytes. */
final class Payload {

    private static final int BYTES = 64;

    private Payload() {
    }

    static String stamped(long nanos) {
        StringBuilder b = new StringBuilder(BYTES).append(nanos).append('|');
        while (b.length() < BYTES) {
            b.append('x');
        }
        return b.toString();
    }

    /** The send time a payload carries. */
    static long sentAt(String payload) {
        return Long.parseLong(payload, 0, payload.indexOf('|'), 10);
    }
}
