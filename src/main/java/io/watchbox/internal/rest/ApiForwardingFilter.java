package io.watchbox.internal.rest;

import io.watchbox.WatchboxAuthenticationException;
import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.access.AccessFilter;
import io.watchbox.internal.access.AccessRules;
import io.watchbox.internal.access.BearerToken;
import io.watchbox.internal.core.Broker;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Serves the REST API at {@code watchbox.path + "/api"}. A JAX-RS application's path is fixed when
 * it is compiled, so the API is mounted at {@link WatchboxApi#MOUNT} and requests under the
 * configured path are forwarded there, keeping the rest of their (still encoded) path and query.
 * The API answers only forwarded requests ({@link ForwardedOnlyFilter}).
 *
 * <p>Before forwarding, the Origin is checked (403), and the caller is settled: the user the
 * container authenticated, as it is; else a bearer token, checked like a {@code hello} token (a
 * refused one gets 401 here); else an anonymous caller. {@link ApiRolesFilter} then decides
 * by role. Checked here, because containers order the filters of one path differently.
 */
public final class ApiForwardingFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String FORWARDED = ApiForwardingFilter.class.getName() + ".forwarded";

    private final String prefix;
    private final transient AccessRules rules;
    private final transient Supplier<Broker> broker;

    public ApiForwardingFilter(String path, AccessRules rules, Supplier<Broker> broker) {
        this.prefix = path + "/api";
        this.rules = rules;
        this.broker = broker;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!AccessFilter.admitsOrigin(rules, request, response)) {
            return;
        }
        HttpServletRequest caller = request;
        if (request.getUserPrincipal() == null) {
            String token = BearerToken.of(request.getHeader(BearerToken.HEADER));
            if (token == null) {
                caller = ApiCallerRequest.anonymous(request, rules.anonymous().admits(request.getRemoteAddr()));
            } else {
                try {
                    WatchboxIdentity identity = broker.get().verify(token, handshake(request));
                    caller = ApiCallerRequest.of(request, identity);
                } catch (WatchboxAuthenticationException e) {
                    response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                    AccessFilter.refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", e.getMessage());
                    return;
                }
            }
        }
        String uri = request.getRequestURI();
        String rest = uri.substring(Math.min(uri.length(), request.getContextPath().length() + prefix.length()));
        String query = request.getQueryString();
        request.setAttribute(FORWARDED, Boolean.TRUE);
        request.getRequestDispatcher(WatchboxApi.MOUNT + rest + (query == null ? "" : "?" + query))
                .forward(caller, response);
    }

    /** What an authenticator sees of a REST request: the same as of a WebSocket handshake. */
    private static Handshake handshake(HttpServletRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return new Handshake(headers, request.getHeader("Origin"), request.getRemoteAddr());
    }
}
