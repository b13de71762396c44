package io.watchbox;

import java.time.Instant;

/**
 * CDI event fired for every message a client publishes ({@code pub}). Observe it with
 * {@code @Observes} or {@code @ObservesAsync}; observers run off the delivery path, so a slow or
 * failing observer never delays clients.
 *
 * @param uid   the publishing client's uid
 * @param group the group it published to
 * @param msg   the message text
 * @param time  when the server received it
 */
public record WatchboxMessage(String uid, String group, String msg, Instant time) {
}
