package io.watchbox.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The REST API at {@code {ctx}/watchbox/api}. Lists its classes so that an application embedding
 * Watchbox keeps its own resources out of this path and Watchbox's out of its own.
 */
@ApplicationPath("/watchbox/api")
public class WatchboxApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(GroupsResource.class, ClientsResource.class, StatsResource.class,
                ApiExceptionMapper.class, WebApplicationExceptionMapper.class, UnexpectedExceptionMapper.class);
    }
}
