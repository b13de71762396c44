package io.watchbox.internal.rest;

import io.watchbox.Stats;
import io.watchbox.StatsSample;
import io.watchbox.Watchbox;
import io.watchbox.internal.access.Roles;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@WatchboxApiOnly
@Path("/stats")
@ApiRoles(Roles.ADMIN)
public class StatsResource {

    @Inject
    Watchbox watchbox;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Stats stats() {
        return watchbox.stats();
    }

    @GET
    @Path("/history")
    @Produces(MediaType.APPLICATION_JSON)
    public List<StatsSample> history() {
        return watchbox.statsHistory();
    }
}
