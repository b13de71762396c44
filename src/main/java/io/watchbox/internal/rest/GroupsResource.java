package io.watchbox.internal.rest;

import io.watchbox.GroupInfo;
import io.watchbox.InvalidGroupException;
import io.watchbox.Watchbox;
import io.watchbox.internal.protocol.FrameDecoder;
import io.watchbox.internal.access.Roles;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code POST /groups/{group}/messages}: the REST way into the same publish path as every other;
 * {@code GET /groups}: the subscribed filters, for administrators.
 */
@WatchboxApiOnly
@Path("/groups")
@ApiRoles({Roles.PUBLISHER, Roles.ADMIN})
public class GroupsResource {

    @Inject
    Watchbox watchbox;

    /** The result of a publish. */
    public record Published(String group, int delivered) {
    }

    @GET
    @ApiRoles(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    public List<GroupInfo> list() {
        return watchbox.groups();
    }

    @POST
    @Path("/{group: .+}/messages")
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@PathParam("group") String group,
                            @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type,
                            InputStream body) throws IOException {
        String text = readBounded(body, watchbox.settings().maxmessage());
        String msg = isJson(type) ? msgField(text) : text;
        try {
            int delivered = watchbox.publish(msg, group);
            return Response.accepted(new Published(group, delivered)).build();
        } catch (InvalidGroupException e) {
            throw new ApiException(Response.Status.BAD_REQUEST, "bad-group", e.getMessage());
        }
    }

    private static boolean isJson(MediaType type) {
        if (type == null || type.isCompatible(MediaType.TEXT_PLAIN_TYPE)) {
            return false;
        }
        if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return true;
        }
        throw new ApiException(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "send text/plain or application/json, not " + type);
    }

    private static String msgField(String text) {
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            // Parsson reports too deep nesting with a bare RuntimeException, syntax with JsonException.
            throw new ApiException(Response.Status.BAD_REQUEST, "bad-request", "the body is not JSON");
        }
        if (value instanceof JsonObject object && object.get("msg") instanceof JsonString msg) {
            if (!FrameDecoder.isWellFormed(msg.getString())) {
                throw new ApiException(Response.Status.BAD_REQUEST, "bad-request",
                        "'msg' holds a lone surrogate, which is not valid Unicode");
            }
            return msg.getString();
        }
        throw new ApiException(Response.Status.BAD_REQUEST, "bad-request",
                "a JSON body must be an object with a string field 'msg'");
    }

    /** Reads at most max bytes, so an oversized body is refused without being buffered whole. */
    private static String readBounded(InputStream body, int max) throws IOException {
        byte[] bytes = body.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new ApiException(Response.Status.REQUEST_ENTITY_TOO_LARGE, "too-large",
                    "the body is larger than " + max + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(Response.Status.BAD_REQUEST, "bad-request", "the body is not valid UTF-8");
        }
    }
}
