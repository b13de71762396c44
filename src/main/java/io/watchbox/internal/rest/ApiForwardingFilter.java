package io.watchbox.internal.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves the REST API at {@code watchbox.path + "/api"}. A JAX-RS application's path is fixed when
 * it is compiled, so the API is mounted at {@link WatchboxApi#MOUNT} and requests under the
 * configured path are forwarded there, keeping the rest of their (still encoded) path and query.
 * The API answers only forwarded requests ({@link ForwardedOnlyFilter}).
 */
public final class ApiForwardingFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String FORWARDED = ApiForwardingFilter.class.getName() + ".forwarded";

    private final String prefix;

    public ApiForwardingFilter(String path) {
        this.prefix = path + "/api";
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String uri = request.getRequestURI();
        String rest = uri.substring(Math.min(uri.length(), request.getContextPath().length() + prefix.length()));
        String query = request.getQueryString();
        request.setAttribute(FORWARDED, Boolean.TRUE);
        request.getRequestDispatcher(WatchboxApi.MOUNT + rest + (query == null ? "" : "?" + query))
                .forward(request, response);
    }
}
