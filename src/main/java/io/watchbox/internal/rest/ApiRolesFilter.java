package io.watchbox.internal.rest;

import io.watchbox.internal.access.LogText;
import io.watchbox.internal.logging.LoggingLevel;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * Enforces {@link ApiRoles} on Watchbox's resources with the caller's roles as the request reports
 * them (the container's login, a bearer token, or an admitted anonymous caller; see
 * {@link ApiForwardingFilter}): 401 for a caller without credentials, 403 for one without the role,
 * both with the JSON error body.
 */
@Provider
@WatchboxApiOnly
@Priority(Priorities.AUTHORIZATION)
public class ApiRolesFilter implements ContainerRequestFilter {

    private static final Logger ERROR_LOG = LoggingLevel.error();

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext context) {
        ApiRoles allowed = resource.getResourceMethod().getAnnotation(ApiRoles.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(ApiRoles.class);
        }
        if (allowed == null) {
            return;
        }
        SecurityContext caller = context.getSecurityContext();
        if (Arrays.stream(allowed.value()).anyMatch(caller::isUserInRole)) {
            return;
        }
        String needed = String.join(" or ", allowed.value());
        if (caller.getUserPrincipal() == null) {
            ERROR_LOG.info(() -> "refused a REST request without credentials to "
                    + LogText.quote(context.getUriInfo().getPath()));
            throw new ApiException(Response.Status.UNAUTHORIZED, "unauthorized",
                    "credentials needed (a bearer token, or the application's login) for role " + needed);
        }
        throw new ApiException(Response.Status.FORBIDDEN, "forbidden", "needs role " + needed);
    }
}
