package io.watchbox.itapp;

import io.watchbox.Watchbox;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The host application's own routes: one that publishes through the injected broker, and two that fail. */
@Path("/host")
public class HostResource {

    @Inject
    Watchbox watchbox;

    /** The host tells a group something, as the bundled example's join route does. */
    @POST
    @Path("/announce/{group: .+}")
    @Produces(MediaType.TEXT_PLAIN)
    public String announce(@PathParam("group") String group, String text) {
        return Integer.toString(watchbox.publish(text, group));
    }

    /** A failure the host maps itself ({@link HostExceptionMapper}). */
    @GET
    @Path("/refused")
    public String refused() {
        throw new HostException("the host refuses");
    }

    /** A failure the host does not map: the container's own answer, not Watchbox's JSON. */
    @GET
    @Path("/bug")
    public String bug() {
        throw new IllegalStateException("a host bug");
    }
}
