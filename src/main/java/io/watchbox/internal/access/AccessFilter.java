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
    private static final String WEBSOCKET_KEY = "Sec-WebSocket-Key";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!admitsOrigin(rules, request, response)) {
            return;
        }
        // Read before the chain: once its client has left, Payara may recycle this request object and
        // hand it to another request while the handshake still runs (seen under load on Payara Micro
        // 6.2025.10); its headers are then the other request's, or none.
        String handshake = isUpgrade(request) ? request.getHeader(WEBSOCKET_KEY) : null;
        try {
            chain.doFilter(new RemoteAddressRequest(request), response);
        } catch (IOException | ServletException | RuntimeException e) {
            boolean recycled = handshake != null && recycled(request, handshake);
            if (handshake == null || !(recycled || SocketFailures.peerWentAway(e))) {
                throw e;
            }
            // No one is left to answer. Passed on, the failure makes the container write a 500 page
            // on this response, which may by then be another request's answer (ErrorsIT saw a bad
            // REST call answered 500 "Connection is closed" instead of its 4xx).
            LoggingLevel.client().fine(() -> "a client left during its WebSocket handshake"
                    + (recycled ? ", and the container recycled its request: " : ": ") + e);
        }
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    /** Whether the request no longer carries this handshake's key, or can no longer be read. */
    private static boolean recycled(HttpServletRequest request, String handshake) {
        try {
            return !handshake.equals(request.getHeader(WEBSOCKET_KEY));
        } catch (RuntimeException unreadable) {
            return true;
        }
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
