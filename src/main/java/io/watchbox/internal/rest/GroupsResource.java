package io.watchbox.internal.rest;

import io.watchbox.ClusterView;
import io.watchbox.GroupInfo;
import io.watchbox.InvalidGroupException;
import io.watchbox.Watchbox;
import io.watchbox.internal.access.Roles;
import io.watchbox.internal.core.AnsweringPublisher;
import io.watchbox.internal.core.PublishOutcome;
import io.watchbox.internal.core.RetainedFullException;
import io.watchbox.internal.core.ServerStoppingException;
import io.watchbox.internal.routing.BadGroupException;
import io.watchbox.internal.protocol.Payload;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /groups/{group}/messages}: the REST way into the same publish path as every other;
 * {@code GET /groups}: the subscribed filters, for administrators.
 */
@WatchboxApiOnly
@Path("/groups")
@ApiRoles({Roles.PUBLISHER, Roles.ADMIN})
@Tag(name = ApiDocs.TAG)
@SecurityRequirement(name = ApiDocs.BEARER)
@APIResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
public class GroupsResource {

    @Inject
    Watchbox watchbox;

    @Inject
    AnsweringPublisher publisher;

    /**
     * The result of a publish; {@code relayed} only when it is false: in cluster mode, the message
     * reached this replica's subscribers only.
     */
    public record Published(String group, int delivered,
                            @Schema(description = "Cluster mode, present only when false: the message reached this "
                                    + "replica's subscribers only, because Redis was out of reach for longer than "
                                    + "watchbox.cluster.outagebytes and watchbox.cluster.outageseconds allow; left out "
                                    + "when the other replicas get it (at once, or once Redis is back) and on a "
                                    + "single node") Boolean relayed) {
    }

    /** A message as JSON, for the API's description (the body is parsed by hand, bounded). */
    @Schema(name = "Message")
    public record Message(@Schema(required = true) String msg,
                          @Schema(description = "base64: msg is the base64 of the message's bytes (RFC 4648)",
                                  enumeration = "base64") String encoding) {
    }

    @GET
    @ApiRoles(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "watchboxListGroups",
            summary = "List the subscribed filters", description = "Every filter sessions are subscribed to, "
            + "wildcards as subscribed, with how many sessions subscribe to it, sorted by filter. In cluster mode, "
            + "summed over the replicas that answered within 2 s; the headers say which replicas answered and "
            + "which did not. " + ApiDocs.ADMIN_ONLY)
    @APIResponse(responseCode = "200", description = "The filters", content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = GroupInfo.class)), headers = {
                @Header(name = ReplicaHeaders.REPLICA, description = ReplicaHeaders.REPLICA_DOC, schema = @Schema(type = SchemaType.STRING)),
                @Header(name = ReplicaHeaders.REPLICAS, description = ReplicaHeaders.REPLICAS_DOC, schema = @Schema(type = SchemaType.STRING)),
                @Header(name = ReplicaHeaders.MISSING, description = ReplicaHeaders.MISSING_DOC, schema = @Schema(type = SchemaType.STRING))})
    public Response list() {
        ClusterView<List<GroupInfo>> groups = watchbox.clusterGroups();
        return ReplicaHeaders.ok(new GenericEntity<>(groups.value()) { }, groups, watchbox.replica());
    }

    @POST
    @Path("/{group: .+}/messages")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "watchboxPublish",
            summary = "Publish to a group", description = "Queues the message for every session subscribed to "
            + "the group, with no sender (from is null), on the same path as every other publish. Needs role "
            + "watchbox-publisher or watchbox-admin. With retain=true the group keeps it as its retained "
            + "message, which every later matching subscription receives first; an empty retained message "
            + "clears the group's.")
    @RequestBody(required = true, description = "The message: the text itself, a JSON object with a string msg "
            + "(the base64 of bytes when encoding is base64), or the bytes themselves as application/octet-stream; "
            + "at most watchbox.maxmessage bytes", content = {
                @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING),
                        examples = @ExampleObject(name = "text", value = "21.5")),
                @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Message.class),
                        examples = @ExampleObject(name = "json", value = "{\"msg\": \"21.5\"}")),
                @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING,
                        format = "binary"))})
    @APIResponse(responseCode = "202", description = "Queued; delivered counts the sessions it was queued for. In "
            + "cluster mode answered once Redis has it, or, while Redis is out of reach, once it is relayed late or "
            + "given up past watchbox.cluster.outageseconds or outagebytes (then relayed is false)",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Published.class)))
    @APIResponse(responseCode = "400", description = "bad-group, or bad-request (not JSON, not UTF-8, no string msg, "
            + "bad base64)",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "retained-full: retain=true, and the retained messages are at "
            + "watchbox.retained.maxcount or would exceed watchbox.retained.maxbytes; nothing was published",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "too-large: the body is over watchbox.maxmessage bytes",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = "unsupported-media-type: not text/plain, JSON or "
            + "application/octet-stream",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
    public Response publish(@Parameter(description = "The group, as it is with its / levels (sensors/kitchen/temp); "
                                    + "other reserved characters percent-encoded; no wildcards",
                                    example = "sensors/kitchen/temp") @PathParam("group") String group,
                            @Parameter(description = "true: keep it as the group's retained message (empty: clear it)")
                            @QueryParam("retain") String retain,
                            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type,
                            InputStream body) throws IOException {
        boolean retained = QueryParameters.bool("retain", retain);
        Payload payload = MessageBody.read(type, body, watchbox.settings().maxmessage());
        try {
            PublishOutcome outcome = publisher.publish(group, payload, retained);
            return Response.accepted(new Published(group, outcome.delivered(), outcome.relayed() ? null : false)).build();
        } catch (BadGroupException e) {
            throw new ApiException(Response.Status.BAD_REQUEST, "bad-group", new InvalidGroupException(group, e.getMessage()).getMessage());
        } catch (RetainedFullException e) {
            throw new ApiException(Response.Status.CONFLICT, "retained-full", e.getMessage());
        } catch (ServerStoppingException e) {
            throw new ApiException(Response.Status.SERVICE_UNAVAILABLE, "unavailable", "server stopping: the message was not taken");
        }
    }
}
