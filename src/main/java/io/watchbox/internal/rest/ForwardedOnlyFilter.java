package io.watchbox.internal.rest;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers 404 for Watchbox's resources unless the request came through {@link ApiForwardingFilter}:
 * at the API's internal mount, and wherever a host application's scan placed them.
 */
@Provider
@WatchboxApiOnly
@Priority(Priorities.AUTHENTICATION)
public class ForwardedOnlyFilter implements ContainerRequestFilter {

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        if (request.getAttribute(ApiForwardingFilter.FORWARDED) == null) {
            throw new NotFoundException("no such resource");
        }
    }
}
