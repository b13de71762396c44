package io.watchbox;

/**
 * CDI event fired exactly once when a session ends, whatever the reason. A connection replaced by
 * a newer one with the same uid, or a dropped socket that resumes in time, does not end a session.
 * Observers are called as for {@link WatchboxMessage}: off the clients' threads, synchronous ones
 * in order, and a failing one costs nobody anything.
 *
 * @param uid    the session's uid
 * @param reason why it ended
 */
public record WatchboxTimeout(String uid, EndReason reason) {
}
