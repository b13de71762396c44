package io.watchbox.internal.core.store;

import io.watchbox.internal.session.SessionSnapshot;

/**
 * A session as the store keeps it.
 *
 * @param snapshot  what it is made of, as when it moves to another replica
 * @param awaySince since when its client is away, in epoch milliseconds: the time spent away, the
 *                  server's downtime included, counts against its timeout or session expiry
 */
public record StoredSession(SessionSnapshot snapshot, long awaySince) {
}
