package io.watchbox.internal.values;

import io.watchbox.Stats;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import java.util.Map;

/** {@link Stats} as the broker makes it and {@code GET /stats} writes it; the fields are documented there. */
public record StatsRecord(long sessions, long connected, long published, long delivered, long dropped, long queuedBytes,
                          long sockets, long eventBacklog, long eventsDropped, long framesSent, long relayed,
                          long notRelayed, long received, long missed, long relayIgnored, long callsFailed,
                          long notSent, long notLetGo, long missingAnswers, long mqttSessions, long mqttConnected,
                          long claimsUnanswered, long sharedLost, long outageHeld, long outageRelayed, long outageDropped,
                          @JsonbNillable Map<String, Stats> replicas, @JsonbNillable List<String> missingReplicas)
        implements Stats {

    /** One replica's counters. */
    public StatsRecord(long sessions, long connected, long published, long delivered, long dropped, long queuedBytes,
                       long sockets, long eventBacklog, long eventsDropped, long framesSent, long relayed,
                       long notRelayed, long received, long missed, long relayIgnored, long callsFailed,
                       long notSent, long notLetGo, long missingAnswers, long mqttSessions, long mqttConnected,
                       long claimsUnanswered, long sharedLost, long outageHeld, long outageRelayed, long outageDropped) {
        this(sessions, connected, published, delivered, dropped, queuedBytes, sockets, eventBacklog, eventsDropped,
                framesSent, relayed, notRelayed, received, missed, relayIgnored, callsFailed, notSent, notLetGo,
                missingAnswers, mqttSessions, mqttConnected, claimsUnanswered, sharedLost, outageHeld, outageRelayed,
                outageDropped, null, null);
    }

    /** One replica's counters, nothing held for an outage (a single node's). */
    public StatsRecord(long sessions, long connected, long published, long delivered, long dropped, long queuedBytes,
                       long sockets, long eventBacklog, long eventsDropped, long framesSent, long relayed,
                       long notRelayed, long received, long missed, long relayIgnored, long callsFailed,
                       long notSent, long notLetGo, long missingAnswers, long mqttSessions, long mqttConnected,
                       long claimsUnanswered, long sharedLost) {
        this(sessions, connected, published, delivered, dropped, queuedBytes, sockets, eventBacklog, eventsDropped,
                framesSent, relayed, notRelayed, received, missed, relayIgnored, callsFailed, notSent, notLetGo,
                missingAnswers, mqttSessions, mqttConnected, claimsUnanswered, sharedLost, 0, 0, 0);
    }
}
