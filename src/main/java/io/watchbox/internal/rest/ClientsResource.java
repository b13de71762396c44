package io.watchbox.internal.rest;

import io.watchbox.SessionInfo;
import io.watchbox.Watchbox;
import io.watchbox.internal.access.Roles;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

@WatchboxApiOnly
@Path("/clients")
@ApiRoles(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ClientsResource {

    @Inject
    Watchbox watchbox;

    @GET
    public List<SessionInfo> list() {
        return watchbox.sessions();
    }

    /** Ends the session (its client sees close 1008, observers see KICKED). */
    @DELETE
    @Path("/{uid}")
    public Response kick(@PathParam("uid") String uid) {
        if (!watchbox.kick(uid)) {
            throw new ApiException(Response.Status.NOT_FOUND, "not-found", "no session with uid '" + uid + "'");
        }
        return Response.noContent().build();
    }
}
