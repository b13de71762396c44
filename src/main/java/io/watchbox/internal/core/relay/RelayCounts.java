package io.watchbox.internal.core.relay;

/**
 * What a relay did since start.
 *
 * @param relayed     messages published here that Redis accepted for the other replicas
 * @param notRelayed  messages published here that reached local subscribers only: held while Redis
 *                    was out of reach, then dropped past the outage bounds (or when the relay closed)
 * @param received    messages published on other replicas and delivered to this replica's subscribers
 * @param missed      messages other replicas relayed that never reached this one: holes in their
 *                    sequence numbers (this replica's listening connection was down, say), known
 *                    when the next message from that replica arrives
 * @param ignored     frames from other replicas that this version does not read (a replica of
 *                    another version during a rolling upgrade, or garbage on the cluster's
 *                    channels), and calls of a kind it does not answer
 * @param callsFailed calls from other replicas whose handler failed here: answered with the error
 * @param notSent     calls to other replicas, and answers to theirs, that could not be sent (Redis
 *                    out of reach or refusing): a call fails at once, an answer's caller times out
 * @param notLetGo    channels and patterns no session here uses that Redis did not let go when
 *                    asked: tried again at the next heartbeat
 * @param claimsUnanswered claims of a message for a share ({@link ClusterRelay#claim}) that Redis did
 *                    not answer in time or refused: taken here, so a member of the share may have
 *                    got the message on another replica as well
 * @param outageHeld  messages published here that Redis could not take at their time (out of reach,
 *                    refused, no answer in time) and that waited for it
 * @param outageRelayed of those, the ones Redis took later (also counted in {@code relayed})
 * @param outageDropped of those, the ones dropped past the outage bounds (also counted in {@code notRelayed})
 */
public record RelayCounts(long relayed, long notRelayed, long received, long missed, long ignored, long callsFailed,
                          long notSent, long notLetGo, long claimsUnanswered, long outageHeld, long outageRelayed,
                          long outageDropped) {

    public static final RelayCounts NONE = new RelayCounts(0, 0, 0, 0);

    /** Every count but the outage's, which are 0. */
    public RelayCounts(long relayed, long notRelayed, long received, long missed, long ignored, long callsFailed,
                       long notSent, long notLetGo, long claimsUnanswered) {
        this(relayed, notRelayed, received, missed, ignored, callsFailed, notSent, notLetGo, claimsUnanswered, 0, 0, 0);
    }

    /** The counts of messages only, every failure count 0. */
    public RelayCounts(long relayed, long notRelayed, long received, long missed) {
        this(relayed, notRelayed, received, missed, 0, 0, 0, 0, 0);
    }

    /** Every count but {@code claimsUnanswered}, which is 0. */
    public RelayCounts(long relayed, long notRelayed, long received, long missed, long ignored, long callsFailed,
                       long notSent, long notLetGo) {
        this(relayed, notRelayed, received, missed, ignored, callsFailed, notSent, notLetGo, 0);
    }
}
