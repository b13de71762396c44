package io.watchbox.internal.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;

/** The API's internal mount answers 404 unless the request came through {@link ApiForwardingFilter}. */
@PreMatching
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
