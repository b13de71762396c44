package io.watchbox.internal.core.store;

import io.watchbox.internal.retained.RetainedMessage;
import java.util.List;

/**
 * What a single server keeps across a restart: its sessions that outlive their connection, and its
 * retained messages.
 *
 * @param savedAt when it was taken, in epoch milliseconds
 */
public record StoredState(long savedAt, List<StoredSession> sessions, List<RetainedMessage> retained) {

    public StoredState {
        sessions = List.copyOf(sessions);
        retained = List.copyOf(retained);
    }
}
