package io.watchbox.internal.rest;

import io.watchbox.Stats;
import io.watchbox.StatsSample;
import io.watchbox.Watchbox;
import io.watchbox.internal.access.Roles;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@WatchboxApiOnly
@Path("/stats")
@ApiRoles(Roles.ADMIN)
@Tag(name = ApiDocs.TAG)
@SecurityRequirement(name = ApiDocs.BEARER)
@APIResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
public class StatsResource {

    @Inject
    Watchbox watchbox;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "watchboxStats",
            summary = "The broker's counters", description = "Totals since start and levels now. In cluster "
            + "mode, summed over the replicas that answered within 2 s, each one's own in replicas, and those that "
            + "did not answer in missingReplicas. " + ApiDocs.ADMIN_ONLY)
    @APIResponse(responseCode = "200", description = "The counters",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Stats.class)), headers = {
                @Header(name = ReplicaHeaders.REPLICA, description = ReplicaHeaders.REPLICA_DOC, schema = @Schema(type = SchemaType.STRING)),
                @Header(name = ReplicaHeaders.REPLICAS, description = ReplicaHeaders.REPLICAS_DOC, schema = @Schema(type = SchemaType.STRING)),
                @Header(name = ReplicaHeaders.MISSING, description = ReplicaHeaders.MISSING_DOC, schema = @Schema(type = SchemaType.STRING))})
    public Response stats() {
        Stats stats = watchbox.stats();
        if (stats.replicas() == null) {
            return Response.ok(stats).build();
        }
        return ReplicaHeaders.with(Response.ok(stats), List.copyOf(stats.replicas().keySet()), stats.missingReplicas(),
                watchbox.replica());
    }

    @GET
    @Path("/history")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "watchboxStatsHistory",
            summary = "The last five minutes", description = "One sample a second, oldest first: message and "
            + "frame rates per second over the second before each sample's time, and the levels at that time. "
            + "Empty for the first seconds after start. With since, only the samples taken after it, so that "
            + "a poller reads only what is new. In cluster mode, of the replica that answers, which "
            + ReplicaHeaders.REPLICA + " names. " + ApiDocs.ADMIN_ONLY)
    @APIResponse(responseCode = "200", description = "The samples", content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = StatsSample.class)), headers =
            @Header(name = ReplicaHeaders.REPLICA, description = ReplicaHeaders.REPLICA_DOC, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "since is not an ISO-8601 instant",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
    public Response history(
            @Parameter(description = "Only the samples whose time is after this ISO-8601 instant: the time of the "
                    + "last sample the caller has") @QueryParam("since") String since) {
        List<StatsSample> samples = after(watchbox.statsHistory(), QueryParameters.instant("since", since));
        Response.ResponseBuilder response = Response.ok(new GenericEntity<>(samples) { });
        // Each replica's history is its own: a poller that continues one with since must know whose it is.
        String self = watchbox.replica();
        return self == null ? response.build() : response.header(ReplicaHeaders.REPLICA, self).build();
    }

    /** The samples (oldest first, so in order of time) taken after {@code since}; all when it is null. */
    static List<StatsSample> after(List<StatsSample> oldestFirst, Instant since) {
        if (since == null) {
            return oldestFirst;
        }
        return oldestFirst.stream().dropWhile(sample -> !sample.time().isAfter(since)).toList();
    }
}
