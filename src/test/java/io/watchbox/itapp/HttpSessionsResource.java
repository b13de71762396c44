package io.watchbox.itapp;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** HTTP sessions as the embedding application sees them: to prove the handshake leaves them be. */
@Path("/httpsessions")
@Produces(MediaType.APPLICATION_JSON)
public class HttpSessionsResource {

    @Inject
    LiveHttpSessions sessions;

    @Context
    HttpServletRequest request;

    @GET
    public JsonObject live() {
        return Json.createObjectBuilder().add("live", sessions.count()).build();
    }

    /** Starts a session, as a web page of the application would; its cookie comes back. */
    @POST
    public JsonObject create() {
        return Json.createObjectBuilder().add("id", request.getSession(true).getId()).build();
    }

    /** The caller's session, or 404 when its cookie names none that is alive. */
    @GET
    @Path("/mine")
    public Response mine() {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return Response.ok(Json.createObjectBuilder().add("id", session.getId()).build()).build();
    }
}
