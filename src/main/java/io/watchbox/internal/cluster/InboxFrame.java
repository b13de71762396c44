package io.watchbox.internal.cluster;

/**
 * What replicas say to one replica on its own channel ({@code <name>:replica:<id>}): calls, the
 * answers to its own calls, and calls their callers withdrew.
 */
sealed interface InboxFrame {

    /** One replica asks another: kind says what, and the answer goes to {@code from}'s channel with the same id. */
    record Call(byte kind, long id, String from, byte[] body) implements InboxFrame {
    }

    /** The answer to call {@code id} of the replica that receives it. */
    record Answer(long id, byte[] body) implements InboxFrame {
    }

    /**
     * Call {@code id} of the replica that receives it failed where it was answered: the handler
     * threw {@code type} (a class name) with {@code message} (or null).
     */
    record Failure(long id, String type, String message) implements InboxFrame {
    }

    /**
     * {@code from} no longer waits for the answer to its call {@code id}: if the call has not begun
     * to be answered here, it never is, and {@code from} is told so at once.
     */
    record Withdraw(long id, String from) implements InboxFrame {
    }
}
