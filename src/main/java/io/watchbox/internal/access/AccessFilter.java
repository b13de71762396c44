package io.watchbox.internal.access;

import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.logging.SocketFailures;
import jakarta.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Refuses a browser's request from a foreign origin with 403 before the WebSocket upgrade (a page
 * on another site could otherwise open a socket to any Watchbox it can reach), and hands the
 * client's address on to the handshake, where the WebSocket API offers none: a {@code hello}
 * without a token is anonymous, and {@code watchbox.anonymous} decides by that address. The REST
 * API makes the Origin check itself ({@link #admitsOrigin}).
 */
public final class AccessFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger ERROR_LOG = LoggingLevel.error();

    private final transient AccessRules rules;

    public AccessFilter(AccessRules rules) {
        this.rules = rules;
    }

    /** The header that carries the client's address to the handshake; a client's own is replaced. */
    public static final String REMOTE_ADDRESS = "X-Watchbox-Remote-Address";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!admitsOrigin(rules, request, response)) {
            return;
        }
        try {
            chain.doFilter(new RemoteAddressRequest(request), response);
        } catch (IOException e) {
            if (!isUpgrade(request) || !SocketFailures.peerWentAway(e)) {
                throw e;
            }
            // The client left during its handshake: there is no one to answer. Passed on, the failure
            // makes Payara write an error page on a response it may already have recycled for another
            // request (seen: a REST call answered with this handshake's 500 "Connection is closed").
            LoggingLevel.client().fine(() -> "a client left during its WebSocket handshake: " + e);
        }
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    /**
     * Whether the rules admit the request's Origin; if not, it is answered here with 403 and a JSON
     * error. For filters that serve the request themselves rather than pass it on down the chain.
     */
    public static boolean admitsOrigin(AccessRules rules, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String origin = request.getHeader("Origin");
        if (rules.origins().allows(origin, request.getScheme(), host(request))) {
            return true;
        }
        ERROR_LOG.info(() -> "refused a request from origin " + LogText.quote(origin) + " to " + request.getRequestURI());
        refuse(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "this origin may not use Watchbox");
        return false;
    }

    /** Answers with the status and the API's JSON error body. */
    public static void refuse(HttpServletResponse response, int status, String code, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.createObjectBuilder().add("code", code).add("reason", reason).build().toString());
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
