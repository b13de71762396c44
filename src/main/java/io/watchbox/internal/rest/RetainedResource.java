package io.watchbox.internal.rest;

import io.watchbox.internal.access.Roles;
import io.watchbox.internal.retained.RetainedMessage;
import io.watchbox.internal.retained.RetainedMessages;
import io.watchbox.internal.retained.RetainedUnavailableException;
import io.watchbox.internal.retained.RetainedUsage;
import io.watchbox.internal.routing.BadGroupException;
import io.watchbox.internal.routing.GroupName;
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
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /retained}: the retained messages, listed and cleared by administrators. In cluster mode
 * they are those in Redis, the same whichever replica answers.
 */
@WatchboxApiOnly
@Path("/retained")
@ApiRoles(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.TAG)
@SecurityRequirement(name = ApiDocs.BEARER)
@APIResponse(responseCode = "401", description = ApiDocs.UNAUTHORIZED,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN,
        content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "503", description = "unavailable: cluster mode, and Redis, which keeps the retained "
        + "messages, does not answer", content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
public class RetainedResource {

    /** Without {@code limit}, a page holds at most this many: the list is bounded by the settings, but not small. */
    static final int DEFAULT_LIMIT = 1000;
    static final String COUNT = "Watchbox-Retained-Count";
    static final String BYTES = "Watchbox-Retained-Bytes";

    @Inject
    RetainedMessages retained;

    /**
     * A retained message as the API shows it: bytes that are not UTF-8 text as their base64 in
     * {@code msg}, with {@code encoding} "base64" (absent for text), as a JSON subscriber gets them;
     * {@code qos} the MQTT QoS it was retained with, which caps the QoS MQTT subscriptions get it at.
     */
    @Schema(name = "RetainedMessage")
    public record Retained(String group, String msg, String encoding, String from, String retainedAt, long bytes,
                           int qos) {
        static Retained of(RetainedMessage message) {
            boolean text = message.payload().isText();
            return new Retained(message.group(), text ? message.payload().text() : message.payload().base64(),
                    text ? null : "base64", message.from(), Instant.ofEpochMilli(message.retainedAt()).toString(),
                    message.bytes(), message.qos());
        }
    }

    /** How many retained messages a clear removed. */
    public record Cleared(long cleared) {
    }

    @GET
    @Operation(operationId = "watchboxListRetained",
            summary = "List the retained messages", description = "The retained messages sorted by group, at most "
            + "limit of them (default " + DEFAULT_LIMIT + "), with a Link header (rel=\"next\") to the next page when "
            + "more follow. The headers give how many there are and their bytes, as watchbox.retained.maxcount and "
            + ".maxbytes count them. " + ApiDocs.ADMIN_ONLY)
    @APIResponse(responseCode = "200", description = "The retained messages", content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = Retained.class)), headers = {
                @Header(name = COUNT, description = "How many retained messages there are", schema = @Schema(type = SchemaType.INTEGER)),
                @Header(name = BYTES, description = "Their bytes (UTF-8 group and text, and MQTT 5.0 properties)", schema = @Schema(type = SchemaType.INTEGER)),
                @Header(name = "Link", description = "When more follow the page: <retained?after=...&limit=...>; "
                        + "rel=\"next\" (RFC 8288), relative to this request's address", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "limit is not a positive integer",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
    public Response list(
            @Parameter(description = "At most this many (a positive integer); default " + DEFAULT_LIMIT)
            @QueryParam("limit") String limit,
            @Parameter(description = "Only the groups that sort after this one: the cursor of the previous page, its "
                    + "last group") @QueryParam("after") String after) {
        int most = QueryParameters.positive("limit", limit, DEFAULT_LIMIT);
        RetainedUsage usage = reachable(retained::usage);
        RetainedPage page = reachable(() -> RetainedPage.of(retained, after, most));
        List<Retained> shown = page.messages().stream().map(Retained::of).toList();
        Response.ResponseBuilder response = Response.ok(new GenericEntity<>(shown) { })
                .header(COUNT, usage.count()).header(BYTES, usage.bytes());
        if (page.nextAfter() != null) {
            // Relative to this request's address (.../api/retained), so it holds behind proxies and a moved path.
            response.header("Link", "<retained?after=" + URLEncoder.encode(page.nextAfter(), StandardCharsets.UTF_8)
                    + "&limit=" + most + ">; rel=\"next\"");
        }
        return response.build();
    }

    @DELETE
    @Path("/{group: .+}")
    @Operation(operationId = "watchboxClearRetained",
            summary = "Clear a group's retained message", description = "Later subscriptions to the group no longer "
            + "receive it; nothing is published. " + ApiDocs.ADMIN_ONLY)
    @APIResponse(responseCode = "204", description = "Cleared")
    @APIResponse(responseCode = "400", description = "bad-group: not a group name (wildcards are not one)",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The group has no retained message",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
    public Response clear(@Parameter(description = "The group, as it is with its / levels", example = "sensors/kitchen/temp")
                          @PathParam("group") String group) {
        try {
            GroupName.checkTopic(group);
        } catch (BadGroupException e) {
            throw new ApiException(Response.Status.BAD_REQUEST, "bad-group", e.getMessage());
        }
        if (!reachable(() -> retained.clear(group))) {
            throw new ApiException(Response.Status.NOT_FOUND, "not-found", "no retained message in this group");
        }
        return Response.noContent().build();
    }

    @DELETE
    @Operation(operationId = "watchboxClearAllRetained",
            summary = "Clear every retained message", description = "Nothing is published. " + ApiDocs.ADMIN_ONLY)
    @APIResponse(responseCode = "200", description = "How many were cleared",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Cleared.class)))
    public Cleared clearAll() {
        return new Cleared(reachable(retained::clearAll));
    }

    /** The store's answer; 503 while it is out of reach (cluster mode: Redis), which is no bug of the server. */
    private static <T> T reachable(Supplier<T> answer) {
        try {
            return answer.get();
        } catch (RetainedUnavailableException e) {
            throw new ApiException(Response.Status.SERVICE_UNAVAILABLE, "unavailable", e.getMessage());
        }
    }
}
