package io.watchbox.example;

import io.watchbox.Watchbox;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A route of an application that tells group "foo" when someone joins. */
@Path("/join")
public class JoinResource {

    @Inject
    Watchbox watchbox;

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String join() {
        int delivered = watchbox.publish("person joined", "foo");
        return "person joined: sent to " + delivered + " client(s)\n";
    }
}
