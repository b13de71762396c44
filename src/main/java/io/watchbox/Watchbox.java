package io.watchbox;

import io.watchbox.internal.container.BrokerHost;
import io.watchbox.internal.routing.BadGroupException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * The Watchbox broker of this application. Inject it to publish to groups, look at sessions and
 * change settings at run time:
 *
 * <pre>{@code
 * @Inject Watchbox watchbox;
 *
 * int delivered = watchbox.publish("21.5", "sensors/kitchen/temp");
 * }</pre>
 *
 * <p>It starts with the application, so a bad setting fails the deployment, and stops with it,
 * closing every client socket with 1001 (going away). Every method may be called from any
 * thread, concurrently, and none of them blocks on a client: messages are queued and written by
 * the container's WebSocket I/O.
 */
@ApplicationScoped
public class Watchbox {

    @Inject
    BrokerHost host;

    /**
     * Publishes a message to every session subscribed to the group, with no sender ({@code from}
     * is null). It is queued for each session before this returns; sessions receive messages in
     * the order they were queued for them. Publishing fires no {@link WatchboxMessage} event:
     * those are for messages clients send.
     *
     * @param message the text of the message
     * @param group   a group name: 1-128 characters, {@code /}-separated levels, no wildcards
     * @return how many sessions it was queued for
     * @throws InvalidGroupException if the group name breaks the rules (wildcards, length, control characters)
     */
    public int publish(String message, String group) {
        try {
            return host.broker().publish(group, message);
        } catch (BadGroupException e) {
            throw new InvalidGroupException(group, e.getMessage());
        }
    }

    /** A snapshot of every session alive now, connected or waiting for a resume, by uid. */
    public List<SessionInfo> sessions() {
        return host.broker().sessions();
    }

    /** A snapshot of one session, or empty when there is none with this uid. */
    public Optional<SessionInfo> session(String uid) {
        return host.broker().session(uid);
    }

    /** The broker's counters now. */
    public Stats stats() {
        return host.broker().stats();
    }

    /**
     * The broker's last five minutes, one sample a second, oldest first: message rates and the
     * levels of sessions, queued bytes and the event backlog. Empty for the first seconds after start.
     */
    public List<StatsSample> statsHistory() {
        return host.broker().statsHistory();
    }

    /** A snapshot of every filter sessions are subscribed to, with how many subscribe to it, by filter. */
    public List<GroupInfo> groups() {
        return host.broker().groups();
    }

    /**
     * Ends a session as {@link EndReason#KICKED}: its socket, if any, is closed with 1008, and
     * {@link WatchboxTimeout} is fired once.
     *
     * @return false if there is no such session
     */
    public boolean kick(String uid) {
        return host.broker().kick(uid);
    }

    /** The settings in force now. */
    public Settings settings() {
        return host.broker().settings();
    }

    /**
     * Changes {@link Settings#timeout()} for every session from now on. Concurrent changes of
     * different settings all take effect.
     *
     * @throws InvalidSettingException when out of range; nothing changes then
     */
    public void setTimeout(int seconds) {
        host.change(s -> s.withTimeout(seconds));
    }

    /**
     * Changes {@link Settings#listlimit()} for every session from its next queued message on.
     *
     * @throws InvalidSettingException when out of range; nothing changes then
     */
    public void setListlimit(int listlimit) {
        host.change(s -> s.withListlimit(listlimit));
    }

    /**
     * Changes {@link Settings#logginglevel()}: the levels of the loggers {@code watchbox.client},
     * {@code watchbox.server} and {@code watchbox.error}.
     *
     * @throws InvalidSettingException when out of range; nothing changes then
     */
    public void setLogginglevel(int level) {
        host.change(s -> s.withLogginglevel(level));
    }
}
