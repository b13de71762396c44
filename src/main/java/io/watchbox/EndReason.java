package io.watchbox;

/** Why a session ended. */
public enum EndReason {
    /** No frame from the client, or no reconnect, for {@code watchbox.timeout} seconds. */
    TIMEOUT,
    /** The client said {@code bye}. */
    LEFT,
    /** An administrator removed it ({@code DELETE /clients/{uid}} or {@link Watchbox#kick}). */
    KICKED
}
