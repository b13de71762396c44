package io.watchbox.internal.access;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AccessFilterTest {

    private final AccessFilter filter = new AccessFilter(new AccessRules(OriginPolicy.parse("*"), AnonymousPolicy.LOCAL, Set.of()));
    private final HttpServletResponse response = proxy(HttpServletResponse.class, Map.of());

    private static final Map<String, String> HANDSHAKE = Map.of("Upgrade", "websocket", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    private static final Map<String, String> ANOTHER_HANDSHAKE = Map.of("Upgrade", "websocket", "Sec-WebSocket-Key", "AQIDBAUGBwgJCgsMDQ4PEA==");
    private static final Map<String, String> REST_CALL = Map.of("Content-Type", "application/json");

    @Test
    void aClientThatLeavesDuringItsHandshakeIsNobodysError() {
        HttpServletRequest upgrade = request(HANDSHAKE);
        FilterChain peerGone = (req, res) -> {
            throw new IOException("Connection is closed");
        };

        assertDoesNotThrow(() -> filter.doFilter(upgrade, response, peerGone));
    }

    /**
     * Payara may recycle the request of a handshake whose client left while the handshake still
     * runs, and hand it to another request: the handshake's failure then arrives with that request's
     * headers, and the container's 500 page would be that request's answer (ErrorsIT saw a bad REST
     * call answered 500 "Connection is closed" instead of its 4xx).
     */
    @Test
    void aClientThatLeftWhileTheContainerHandedItsRequestToARestCallIsNobodysErrorEither() {
        Map<String, String> headers = new HashMap<>(HANDSHAKE);
        HttpServletRequest upgrade = request(headers);
        FilterChain recycledThenPeerGone = (req, res) -> {
            handOn(headers, REST_CALL);
            throw new IOException("Connection is closed");
        };

        assertDoesNotThrow(() -> filter.doFilter(upgrade, response, recycledThenPeerGone));
    }

    /** The container's own failure once it recycled the request (seen on Payara: a null servlet context). */
    @ParameterizedTest
    @MethodSource("requestsARecycledRequestMayBecome")
    void anyFailureOfAHandshakeWhoseRequestTheContainerRecycledIsNotAnsweredOnIt(Map<String, String> next) {
        Map<String, String> headers = new HashMap<>(HANDSHAKE);
        HttpServletRequest upgrade = request(headers);
        FilterChain recycledThenFailed = (req, res) -> {
            handOn(headers, next);
            throw new NullPointerException("the return value of getServletContext() is null");
        };

        assertDoesNotThrow(() -> filter.doFilter(upgrade, response, recycledThenFailed));
    }

    static Stream<Map<String, String>> requestsARecycledRequestMayBecome() {
        return Stream.of(Map.of(), REST_CALL, ANOTHER_HANDSHAKE);
    }

    private static void handOn(Map<String, String> headers, Map<String, String> next) {
        headers.clear();
        headers.putAll(next);
    }

    @Test
    void anyOtherFailureOfTheHandshakeGoesOnToTheContainer() {
        HttpServletRequest upgrade = request(HANDSHAKE);
        IllegalStateException bug = new IllegalStateException("bug");
        FilterChain failing = (req, res) -> {
            throw bug;
        };

        assertSame(bug, assertThrows(IllegalStateException.class, () -> filter.doFilter(upgrade, response, failing)));
    }

    @Test
    void anIoFailureOfAnOrdinaryRequestGoesOnToTheContainer() {
        HttpServletRequest plain = request(Map.of());
        FilterChain failing = (req, res) -> {
            throw new IOException("read failed");
        };

        assertThrows(IOException.class, () -> filter.doFilter(plain, response, failing));
    }

    /** A request with these headers, over plain HTTP to 127.0.0.1:9080. */
    private static HttpServletRequest request(Map<String, String> headers) {
        return proxy(HttpServletRequest.class, Map.of("getScheme", "http", "getServerName", "127.0.0.1",
                "getServerPort", 9080, "getRemoteAddr", "127.0.0.1", "getHeader", headers));
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            Object answer = answers.get(method.getName());
            if (answer instanceof Map<?, ?> byName) {
                return byName.get(args[0]);
            }
            if (answer != null) {
                return answer;
            }
            Class<?> returns = method.getReturnType();
            return returns == boolean.class ? false : returns == int.class ? 0 : returns == long.class ? 0L : null;
        });
    }
}
