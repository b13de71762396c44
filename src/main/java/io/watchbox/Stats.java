package io.watchbox;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import java.util.Map;

/**
 * Broker counters since start: of this replica, or (cluster mode, from {@link Watchbox#stats()}
 * and {@code GET /stats}) summed over the replicas that answered, with each one's own beside.
 *
 * @param sessions  sessions alive now, connected or waiting for a resume
 * @param connected sessions with an open socket now
 * @param published messages published (by clients, REST and {@link Watchbox#publish})
 * @param delivered messages queued for sessions (a publish to n subscribers counts n)
 * @param dropped   queued messages dropped unsent because a queue was full
 * @param queuedBytes what every session's kept messages weigh, in bytes, each session counted on its
 *                    own (a message queued for n sessions counts n times, though it is held once)
 * @param sockets   WebSocket connections open now, those that have not said hello included
 * @param eventBacklog {@link WatchboxMessage} and {@link WatchboxTimeout} events waiting now to be
 *                     handed to the application's observers (at most 100,000; past that they are dropped)
 * @param framesSent WebSocket text frames written to clients: replies and messages, a batched frame counted once
 * @param relayed   cluster mode: messages published here that Redis accepted for the other replicas (0 on a single node)
 * @param notRelayed cluster mode: messages published here that reached this replica's subscribers only, because
 *                   Redis was out of reach, refused them or did not answer in time (0 on a single node)
 * @param received  cluster mode: messages published on other replicas and delivered here (0 on a single node)
 * @param missed    cluster mode: messages other replicas relayed that never reached this one, such as while its
 *                  own connection to Redis was down; counted when the next message from that replica arrives
 *                  (0 on a single node)
 * @param replicas  cluster mode, in the sums: each replica that answered, this one included, by id, with its own
 *                  counters (whose {@code replicas} and {@code missingReplicas} are null); null on a single node and in
 *                  one replica's counters (written as {@code null} in JSON, not left out)
 * @param missingReplicas cluster mode, in the sums: the ids of the live replicas that did not answer within 2 s, whose
 *                  counters are not in the sums (empty when every one answered); null on a single node and in
 *                  one replica's counters (written as {@code null} in JSON, not left out)
 */
public record Stats(long sessions, long connected, long published, long delivered, long dropped, long queuedBytes,
                    long sockets, long eventBacklog, long framesSent, long relayed, long notRelayed, long received,
                    long missed, @JsonbNillable Map<String, Stats> replicas, @JsonbNillable List<String> missingReplicas) {

    /** One replica's counters. */
    public Stats(long sessions, long connected, long published, long delivered, long dropped, long queuedBytes,
                 long sockets, long eventBacklog, long framesSent, long relayed, long notRelayed, long received,
                 long missed) {
        this(sessions, connected, published, delivered, dropped, queuedBytes, sockets, eventBacklog, framesSent,
                relayed, notRelayed, received, missed, null, null);
    }
}
