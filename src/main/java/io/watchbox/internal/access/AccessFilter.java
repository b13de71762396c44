package io.watchbox.internal.access;

import io.watchbox.internal.config.LoggingLevel;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Refuses a request before anything else happens, before the WebSocket upgrade and before any REST
 * work: a browser's request from a foreign origin (403; a page on another site could otherwise open
 * a socket or send a "simple" text/plain POST to any Watchbox it can reach), and an anonymous
 * client that {@code watchbox.anonymous} does not admit from where it connects (403 on the
 * WebSocket path, 401 on REST).
 */
public final class AccessFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger ERROR_LOG = LoggingLevel.error();

    private final transient AccessRules rules;

    public AccessFilter(AccessRules rules) {
        this.rules = rules;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (admits(rules, request, response, HttpServletResponse.SC_FORBIDDEN)) {
            chain.doFilter(request, response);
        }
    }

    /**
     * Whether the rules admit the request; if not, it is answered here with a JSON error. For
     * filters that serve the request themselves rather than pass it on down the chain.
     *
     * @param anonymousStatus the status for an anonymous client from where it may not connect
     */
    public static boolean admits(AccessRules rules, HttpServletRequest request, HttpServletResponse response,
                                 int anonymousStatus) throws IOException {
        String origin = request.getHeader("Origin");
        if (!rules.origins().allows(origin, request.getScheme(), host(request))) {
            ERROR_LOG.info(() -> "refused a request from origin " + LogText.quote(origin) + " to " + request.getRequestURI());
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "this origin may not use Watchbox");
            return false;
        }
        if (!rules.anonymous().admits(request.getRemoteAddr())) {
            ERROR_LOG.info(() -> "refused an anonymous client from " + request.getRemoteAddr());
            refuse(response, anonymousStatus, anonymousStatus == 401 ? "unauthorized" : "forbidden",
                    "anonymous clients are not accepted from this address (watchbox.anonymous)");
            return false;
        }
        return true;
    }

    private static void refuse(HttpServletResponse response, int status, String code, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"code\":\"" + code + "\",\"reason\":\"" + reason + "\"}");
    }

    /**
     * The host and port the request was sent to, as the container reads them from the Host header
     * or, over HTTP/2, the :authority (where some containers give no Host header at all).
     */
    private static String host(HttpServletRequest request) {
        String name = request.getServerName();
        return (name.indexOf(':') >= 0 && !name.startsWith("[") ? "[" + name + "]" : name) + ":" + request.getServerPort();
    }
}
