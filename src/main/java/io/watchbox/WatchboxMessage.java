package io.watchbox;

import java.time.Instant;

/**
 * CDI event fired for every message a client publishes ({@code pub}), after it has been queued for
 * its subscribers. Messages published with {@link Watchbox#publish} or over REST fire none.
 *
 * <p>Observe it with {@code @Observes} or {@code @ObservesAsync}. Synchronous observers are called
 * on a container-managed thread, never a client's, one event at a time and in the order the
 * broker saw them (together with {@link WatchboxTimeout}); asynchronous ones through
 * {@code fireAsync}, in no promised order. A slow or throwing observer never delays or breaks
 * delivery to clients: a failure is logged on {@code watchbox.error}, and if observers fall
 * 100,000 events behind, newer events are dropped with a warning. No event is fired once the
 * application stops.
 *
 * @param uid   the publishing client's uid
 * @param user  the publishing client's user name, or null for an anonymous client
 * @param group the group it published to
 * @param msg   the message text
 * @param time  when the server received it
 */
public record WatchboxMessage(String uid, String user, String group, String msg, Instant time) {
}
