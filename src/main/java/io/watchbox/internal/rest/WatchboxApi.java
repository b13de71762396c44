package io.watchbox.internal.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The REST API, served at {@code {ctx}{watchbox.path}/api} through {@link ApiForwardingFilter}.
 * Lists its classes, so that the exception mappers and filters below apply to Watchbox's own
 * resources only, and the embedding application's resources stay out of this path.
 */
@ApplicationPath(WatchboxApi.MOUNT)
public class WatchboxApi extends Application {

    /** Where the API is mounted inside the application; requests reach it only when forwarded. */
    public static final String MOUNT = "/_watchbox/api";

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(GroupsResource.class, ClientsResource.class, StatsResource.class, RetainedResource.class,
                ApiExceptionMapper.class, WebApplicationExceptionMapper.class, UnexpectedExceptionMapper.class,
                ForwardedOnlyFilter.class, ApiRolesFilter.class);
    }
}
