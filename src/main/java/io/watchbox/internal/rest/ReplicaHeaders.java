package io.watchbox.internal.rest;

import io.watchbox.ClusterView;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Cluster mode: the headers that say how whole a cluster-wide answer is, beside a body whose shape
 * stays what a single node answers. None on a single node.
 */
final class ReplicaHeaders {

    /** The replica that answered this request. */
    static final String REPLICA = "Watchbox-Replica";
    /** The replicas whose part is in the answer, this one included, comma-separated. */
    static final String REPLICAS = "Watchbox-Replicas";
    /** The live replicas that did not answer within 2 s, comma-separated; only when there are some. */
    static final String MISSING = "Watchbox-Replicas-Missing";

    static final String REPLICA_DOC = "Cluster mode: the id of the replica that answered";
    static final String REPLICAS_DOC = "Cluster mode: the ids of the replicas whose part is in the answer, "
            + "comma-separated";
    static final String MISSING_DOC = "Cluster mode, only when some are: the ids of the live replicas that did not "
            + "answer within 2 s, whose part is not in the answer, comma-separated";

    private ReplicaHeaders() {
    }

    /** 200 with the view's value, as the entity says, and its headers. */
    static Response ok(GenericEntity<?> entity, ClusterView<?> view, String self) {
        return with(Response.ok(entity), view.answered(), view.missing(), self);
    }

    /**
     * @param answered the replicas whose part is in the body; empty on a single node
     * @param self     this replica's id, null on a single node
     */
    static Response with(Response.ResponseBuilder response, List<String> answered, List<String> missing, String self) {
        if (self == null) {
            return response.build();
        }
        response.header(REPLICA, self).header(REPLICAS, String.join(", ", answered));
        if (!missing.isEmpty()) {
            response.header(MISSING, String.join(", ", missing));
        }
        return response.build();
    }
}
