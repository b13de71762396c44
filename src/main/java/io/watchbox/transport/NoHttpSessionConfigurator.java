package io.watchbox.transport;

import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Releases the HTTP session a container created only for the WebSocket handshake.
 *
 * <p>Open Liberty's WebSocket handshake calls {@code request.getSession()}, which creates an
 * HTTP session for every connection that arrives without one; each is kept until the
 * application's session timeout (30 minutes by default), which the soak test saw as heap
 * growing with the number of connections ever made. Watchbox keeps its own session state, so
 * a session that is new in this very request is of no use to anyone and is invalidated here.
 * A session the client already had (a browser's cookie from the embedding application) is left
 * alone.
 */
public class NoHttpSessionConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        if (request.getHttpSession() instanceof HttpSession session) {
            invalidateIfNew(session);
        }
    }

    private static void invalidateIfNew(HttpSession session) {
        try {
            if (session.isNew()) {
                session.invalidate();
            }
        } catch (IllegalStateException alreadyInvalidated) {
            // Nothing left to release.
        }
    }
}
