package io.watchbox.internal.rest;

import io.watchbox.internal.access.AccessFilter;
import io.watchbox.internal.access.AccessRules;
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
 * The API answers only forwarded requests ({@link ForwardedOnlyFilter}), and only those the
 * access rules admit: checked here, because containers order the filters of one path differently.
 */
public final class ApiForwardingFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String FORWARDED = ApiForwardingFilter.class.getName() + ".forwarded";

    private final String prefix;
    private final transient AccessRules rules;

    public ApiForwardingFilter(String path, AccessRules rules) {
        this.prefix = path + "/api";
        this.rules = rules;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!AccessFilter.admits(rules, request, response, HttpServletResponse.SC_UNAUTHORIZED)) {
            return;
        }
        String uri = request.getRequestURI();
        String rest = uri.substring(Math.min(uri.length(), request.getContextPath().length() + prefix.length()));
        String query = request.getQueryString();
        request.setAttribute(FORWARDED, Boolean.TRUE);
        request.getRequestDispatcher(WatchboxApi.MOUNT + rest + (query == null ? "" : "?" + query))
                .forward(request, response);
    }
}
