package io.watchbox;

/**
 * CDI event fired exactly once when a session ends, whatever the reason. A connection replaced by
 * a newer one with the same uid, or a dropped socket that resumes in time, does not end a session.
 */
public record WatchboxTimeout(String uid, EndReason reason) {
}
