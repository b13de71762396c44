package io.watchbox;

import java.util.List;
import java.util.Map;

/**
 * Broker counters since start: of this replica, or (cluster mode, from {@link Watchbox#stats()}
 * and {@code GET /stats}) summed over the replicas that answered, with each one's own beside.
 *
 * <p>Watchbox makes the instances, immutable, and two are equal when every counter is. Later
 * versions add counters as new methods, so this interface is not for applications to implement
 * (a test double of one may need the new methods).
 */
public interface Stats {

    /** Sessions alive now, connected or waiting for a resume. */
    long sessions();

    /** Sessions with an open socket now. */
    long connected();

    /** Messages published (by clients, REST and {@link Watchbox#publish}). */
    long published();

    /** Messages queued for sessions (a publish to n subscribers counts n). */
    long delivered();

    /** Queued messages dropped unsent because a queue was full. */
    long dropped();

    /**
     * What every session's kept messages weigh, in bytes, each session counted on its own (a message
     * queued for n sessions counts n times, though it is held once).
     */
    long queuedBytes();

    /** WebSocket connections open now, those that have not said hello included. */
    long sockets();

    /**
     * {@link WatchboxMessage} and {@link WatchboxTimeout} events waiting now to be handed to the
     * application's observers (at most 100,000; past that they are dropped, see {@link #eventsDropped()}).
     */
    long eventBacklog();

    /**
     * {@link WatchboxMessage} and {@link WatchboxTimeout} events never handed to the application's
     * observers because {@link #eventBacklog()} was full: the observers were too slow for the traffic.
     */
    long eventsDropped();

    /** WebSocket text frames written to clients: replies and messages, a batched frame counted once. */
    long framesSent();

    /** Cluster mode: messages published here that Redis accepted for the other replicas (0 on a single node). */
    long relayed();

    /**
     * Cluster mode: messages published here that reached this replica's subscribers only: Redis was out
     * of reach for longer than the outage bounds allow ({@link #outageDropped()}), or the replica was
     * stopping (0 on a single node).
     */
    long notRelayed();

    /** Cluster mode: messages published on other replicas and delivered here (0 on a single node). */
    long received();

    /**
     * Cluster mode: messages other replicas relayed that never reached this one, such as while its own
     * connection to Redis was down; counted when the next message from that replica arrives (0 on a
     * single node).
     */
    long missed();

    /**
     * Cluster mode: frames on the cluster's channels that this replica could not read, such as from a
     * replica of another version during a rolling upgrade, and calls of a kind it does not answer; each
     * kind logged at most once a minute (0 on a single node).
     */
    long relayIgnored();

    /**
     * Cluster mode: calls from other replicas (for their views of the cluster, a session moving here)
     * whose handling failed on this replica; the caller got the error (0 on a single node).
     */
    long callsFailed();

    /**
     * Cluster mode: calls to other replicas, and answers to theirs, that Redis was out of reach for or
     * refused: a call fails at once, an answer's caller times out (0 on a single node).
     */
    long notSent();

    /**
     * Cluster mode: channels and patterns no session here uses any more that Redis refused to let go
     * when asked; tried again at the next heartbeat (0 on a single node).
     */
    long notLetGo();

    /**
     * Cluster mode: answers of other replicas that this replica's views of the cluster went without (a
     * replica that did not answer in time, failed to, or answered what this one cannot read); each is
     * named in the view's {@link #missingReplicas()} (0 on a single node).
     */
    long missingAnswers();

    /** Of {@link #sessions()}, those whose client (the one attached last) speaks MQTT rather than JSON. */
    long mqttSessions();

    /** Of {@link #connected()}, those whose client speaks MQTT rather than JSON. */
    long mqttConnected();

    /**
     * Cluster mode: claims of a message for a share ({@code $share/NAME/FILTER}) that Redis did not
     * answer in time or refused; this replica gave the message to a member, and a member on another
     * replica may have got it too (0 on a single node).
     */
    long claimsUnanswered();

    /**
     * Cluster mode: messages of a share whose claim this replica won after its last member of the
     * share had left: no member got them (0 on a single node).
     */
    long sharedLost();

    /**
     * Cluster mode: messages published here that Redis could not take at their time (out of reach,
     * refused, no answer in time) and that waited for it, within {@code watchbox.cluster.outagebytes}
     * and {@code watchbox.cluster.outageseconds}: each is then relayed late ({@link #outageRelayed()})
     * or dropped ({@link #outageDropped()}), or still waits (0 on a single node).
     */
    long outageHeld();

    /** Cluster mode: of {@link #outageHeld()}, the messages Redis took later, in order (also in {@link #relayed()}). */
    long outageRelayed();

    /**
     * Cluster mode: of {@link #outageHeld()}, the messages dropped past the outage bounds; they reached
     * this replica's subscribers only, and their publishers were told (also in {@link #notRelayed()}).
     */
    long outageDropped();

    /**
     * Cluster mode, in the sums: each replica that answered, this one included, by id, with its own
     * counters (whose {@code replicas} and {@code missingReplicas} are null); null on a single node and
     * in one replica's counters (written as {@code null} in JSON, not left out).
     */
    Map<String, Stats> replicas();

    /**
     * Cluster mode, in the sums: the ids of the live replicas that did not answer within 2 s, whose
     * counters are not in the sums (empty when every one answered); null on a single node and in one
     * replica's counters (written as {@code null} in JSON, not left out).
     */
    List<String> missingReplicas();
}
