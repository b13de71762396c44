package io.watchbox;

import io.watchbox.internal.config.ValidSettings;
import io.watchbox.internal.container.BrokerHost;
import io.watchbox.internal.core.RetainedFullException;
import io.watchbox.internal.protocol.Payload;
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
 * the container's WebSocket I/O. In cluster mode ({@code watchbox.cluster.redis}) the views of
 * sessions, groups and counters are of the whole cluster, and wait for the other replicas.
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
     * @throws IllegalStateException if a single server with {@code watchbox.store} is stopping and has
     *                               already saved its state: the message is not published
     */
    public int publish(String message, String group) {
        return publish(Payload.ofText(message), group);
    }

    /**
     * Publishes bytes as {@link #publish(String, String)} publishes text. MQTT subscribers get
     * them exactly; JSON subscribers get them as text when they are UTF-8, and otherwise as their
     * base64 in {@code msg}, marked {@code "encoding": "base64"}.
     *
     * @param message the bytes of the message, copied before this returns
     * @param group   a group name: 1-128 characters, {@code /}-separated levels, no wildcards
     * @return how many sessions it was queued for
     * @throws InvalidGroupException if the group name breaks the rules (wildcards, length, control characters)
     * @throws IllegalStateException if a single server with {@code watchbox.store} is stopping and has
     *                               already saved its state: the message is not published
     */
    public int publish(byte[] message, String group) {
        return publish(Payload.ofBytes(message), group);
    }

    private int publish(Payload message, String group) {
        try {
            return host.broker().publish(group, message);
        } catch (BadGroupException e) {
            throw new InvalidGroupException(group, e.getMessage());
        }
    }

    /**
     * Publishes like {@link #publish}, and keeps the message as the group's retained one: every later
     * subscription that matches the group, from either protocol, receives it first (JSON marks it
     * {@code "retained": true}, MQTT sets RETAIN). An empty message clears the group's retained
     * message (and is still delivered to the subscribers of now).
     *
     * @param message the text of the message; empty to clear
     * @param group   a group name: 1-128 characters, {@code /}-separated levels, no wildcards
     * @return how many sessions it was queued for
     * @throws InvalidGroupException   if the group name breaks the rules
     * @throws RetainedLimitException  if the retained messages are at {@code watchbox.retained.maxcount}
     *                                 or would exceed {@code watchbox.retained.maxbytes}; nothing is published then
     * @throws IllegalStateException if a single server with {@code watchbox.store} is stopping and has
     *                               already saved its state: the message is not published
     */
    public int publishRetained(String message, String group) {
        return publishRetained(Payload.ofText(message), group);
    }

    /**
     * {@link #publishRetained(String, String)} of bytes, which MQTT subscribers get exactly (see
     * {@link #publish(byte[], String)}).
     *
     * @param message the bytes of the message, copied before this returns; empty to clear
     * @param group   a group name: 1-128 characters, {@code /}-separated levels, no wildcards
     * @return how many sessions it was queued for
     * @throws InvalidGroupException   if the group name breaks the rules
     * @throws RetainedLimitException  if the retained messages are at their limits; nothing is published then
     * @throws IllegalStateException if a single server with {@code watchbox.store} is stopping and has
     *                               already saved its state: the message is not published
     */
    public int publishRetained(byte[] message, String group) {
        return publishRetained(Payload.ofBytes(message), group);
    }

    private int publishRetained(Payload message, String group) {
        try {
            return host.broker().publishRetained(group, message);
        } catch (BadGroupException e) {
            throw new InvalidGroupException(group, e.getMessage());
        } catch (RetainedFullException e) {
            throw new RetainedLimitException(e.getMessage());
        }
    }

    /**
     * A snapshot of every session alive now, connected or waiting for a resume, by uid. In cluster
     * mode, of every replica: waits up to 2 s for the others, and leaves out the sessions of those
     * that did not answer; {@link #clusterSessions()} says which.
     */
    public List<SessionInfo> sessions() {
        return clusterSessions().value();
    }

    /**
     * {@link #sessions()}, with which replicas answered and which did not: in cluster mode, each
     * session names its replica, and a replica that does not answer within 2 s is named as missing.
     */
    public ClusterView<List<SessionInfo>> clusterSessions() {
        return host.broker().views().sessions();
    }

    /**
     * A snapshot of one session, or empty when there is none with this uid. In cluster mode, on
     * whichever replica holds it: waits for Redis and that replica, up to 2 s each; empty also
     * when that replica does not answer in time (logged).
     */
    public Optional<SessionInfo> session(String uid) {
        return host.broker().views().session(uid);
    }

    /**
     * The broker's counters now. In cluster mode, summed over the replicas, each one's own in
     * {@link Stats#replicas()}: waits up to 2 s for the others, and names those that did not answer
     * in {@link Stats#missingReplicas()}.
     */
    public Stats stats() {
        return host.broker().views().stats();
    }

    /**
     * This replica's last five minutes, one sample a second, oldest first: message rates and the
     * levels of sessions, queued bytes and the event backlog. Empty for the first seconds after
     * start. In cluster mode, each replica keeps its own.
     */
    public List<StatsSample> statsHistory() {
        return host.broker().statsHistory();
    }

    /**
     * A snapshot of every filter sessions are subscribed to, with how many subscribe to it, by
     * filter. In cluster mode, summed over the replicas: waits up to 2 s for the others, and leaves
     * out those that did not answer; {@link #clusterGroups()} says which.
     */
    public List<GroupInfo> groups() {
        return clusterGroups().value();
    }

    /** {@link #groups()}, with which replicas answered and which did not. */
    public ClusterView<List<GroupInfo>> clusterGroups() {
        return host.broker().views().groups();
    }

    /**
     * Ends a session as {@link EndReason#KICKED}: its socket, if any, is closed with 1008, and
     * {@link WatchboxTimeout} is fired once. In cluster mode, on whichever replica holds it.
     *
     * @return false if there is no such session
     */
    public boolean kick(String uid) {
        return host.broker().kick(uid);
    }

    /** This replica's id in the cluster, new at each start; null on a single node. */
    public String replica() {
        return host.broker().relay().replicaId();
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
        host.change(s -> ValidSettings.of(s).withTimeout(seconds));
    }

    /**
     * Changes {@link Settings#listlimit()} for every session from its next queued message on.
     *
     * @throws InvalidSettingException when out of range; nothing changes then
     */
    public void setListlimit(int listlimit) {
        host.change(s -> ValidSettings.of(s).withListlimit(listlimit));
    }

    /**
     * Changes {@link Settings#logginglevel()}: the levels of the loggers {@code watchbox.client},
     * {@code watchbox.server} and {@code watchbox.error}.
     *
     * @throws InvalidSettingException when out of range; nothing changes then
     */
    public void setLogginglevel(int level) {
        host.change(s -> ValidSettings.of(s).withLogginglevel(level));
    }
}
