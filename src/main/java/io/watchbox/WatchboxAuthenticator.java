package io.watchbox;

import java.util.List;
import java.util.Map;

/**
 * Checks the {@code token} of a client's {@code hello}. Provide one CDI bean implementing it to
 * use your own credentials; without one, a token is verified as a MicroProfile JWT with the keys
 * configured under {@code mp.jwt.verify.*}. Called on the client's connection thread, once per
 * {@code hello} that carries a token: it must be quick and must not block for long.
 */
public interface WatchboxAuthenticator {

    /**
     * @param token     the token the client sent, never null
     * @param handshake the WebSocket handshake the client connected with
     * @return who the client is
     * @throws WatchboxAuthenticationException when the token is not acceptable; the client gets
     *                                         {@code forbidden} with the exception's message, and close 4403
     */
    WatchboxIdentity authenticate(String token, Handshake handshake) throws WatchboxAuthenticationException;

    /**
     * What the client's WebSocket handshake carried.
     *
     * @param headers       the handshake's headers, by name as the container reports them
     * @param origin        its {@code Origin} header, or null (not a browser)
     * @param remoteAddress the address the client connected from, as the container reports it
     *                      (behind a proxy, the proxy's)
     */
    record Handshake(Map<String, List<String>> headers, String origin, String remoteAddress) {
        public Handshake {
            headers = Map.copyOf(headers);
        }

        /**
         * @param name a header name, in any case
         * @return the header's first value, or null
         */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }
}
