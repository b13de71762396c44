package io.watchbox.internal.rest;

import io.watchbox.ClusterView;
import io.watchbox.SessionInfo;
import io.watchbox.Watchbox;
import io.watchbox.internal.access.Roles;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@WatchboxApiOnly
@Path("/clients")
@ApiRoles(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG)
@SecurityRequirement(name = ApiDocs.BEARER)
// Declared once for the three resources; WatchboxApi, where it would belong, is not scanned.
@SecurityScheme(securitySchemeName = ApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A token as in hello (a MicroProfile JWT, or what the application's "
        + "WatchboxAuthenticator accepts). Under watchbox.anonymous=local a loopback caller needs none.")
@APIResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
public class ClientsResource {

    @Inject
    Watchbox watchbox;

    @GET
    @Operation(operationId = "watchboxListSessions",
            summary = "List the sessions", description = "Every session alive, connected or waiting for a "
            + "resume, sorted by uid; with limit, a page of them, and a Link header (rel=\"next\") to the next "
            + "page when more follow. In cluster mode, of every replica that answered within 2 s, each with its "
            + "replica; the headers say which replicas answered and which did not. " + ApiDocs.ADMIN_ONLY)
    @APIResponse(responseCode = "400", description = "limit is not a positive integer",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "200", description = "The sessions", content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = SessionInfo.class)), headers = {
                @Header(name = ReplicaHeaders.REPLICA, description = ReplicaHeaders.REPLICA_DOC, schema = @Schema(type = SchemaType.STRING)),
                @Header(name = ReplicaHeaders.REPLICAS, description = ReplicaHeaders.REPLICAS_DOC, schema = @Schema(type = SchemaType.STRING)),
                @Header(name = ReplicaHeaders.MISSING, description = ReplicaHeaders.MISSING_DOC, schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "Link", description = "When more sessions follow the page: <clients?after=...&limit=...>; "
                        + "rel=\"next\" (RFC 8288), relative to this request's address", schema = @Schema(type = SchemaType.STRING))})
    public Response list(
            @Parameter(description = "At most this many sessions (a positive integer); without it, all")
            @QueryParam("limit") String limit,
            @Parameter(description = "Only the sessions whose uid sorts after this one: the cursor of the previous "
                    + "page, its last uid") @QueryParam("after") String after) {
        int most = QueryParameters.positive("limit", limit, Integer.MAX_VALUE);
        // Cut after merging: the cluster view is already the whole cluster's list, sorted by uid.
        ClusterView<List<SessionInfo>> sessions = watchbox.clusterSessions();
        SessionPage page = SessionPage.of(sessions.value(), after, most);
        Response.ResponseBuilder response = Response.ok(new GenericEntity<>(page.sessions()) { });
        if (page.nextAfter() != null) {
            // Relative to this request's address (.../api/clients), so it holds behind proxies and a moved path.
            response.header("Link", "<clients?after=" + URLEncoder.encode(page.nextAfter(), StandardCharsets.UTF_8)
                    + "&limit=" + most + ">; rel=\"next\"");
        }
        return ReplicaHeaders.with(response, sessions.answered(), sessions.missing(), watchbox.replica());
    }

    /** Ends the session (its client sees close 1008, observers see KICKED). */
    @DELETE
    @Path("/{uid}")
    @Operation(operationId = "watchboxKickSession",
            summary = "Kick a session", description = "Ends the session: its client sees close 1008, observers "
            + "see WatchboxTimeout with reason KICKED. " + ApiDocs.ADMIN_ONLY)
    @APIResponse(responseCode = "204", description = "The session ended")
    @APIResponse(responseCode = "404", description = "No session with this uid",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
    public Response kick(@Parameter(description = "The session's uid") @PathParam("uid") String uid) {
        if (!watchbox.kick(uid)) {
            throw new ApiException(Response.Status.NOT_FOUND, "not-found", "no session with uid '" + uid + "'");
        }
        return Response.noContent().build();
    }
}
