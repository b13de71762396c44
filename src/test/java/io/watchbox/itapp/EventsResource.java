package io.watchbox.itapp;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("/events")
public class EventsResource {

    @Inject
    EventRecorder recorder;

    /** The events recorded for one uid, in the order observed. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<RecordedEvent> events(@QueryParam("uid") String uid) {
        return recorder.events().stream().filter(e -> e.uid().equals(uid)).toList();
    }

    /** Lets the synchronous observer go on from the message "hold KEY". */
    @POST
    @Path("release")
    public void release(@QueryParam("key") String key) {
        recorder.release(key);
    }
}
