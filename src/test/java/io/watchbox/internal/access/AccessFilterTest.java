package io.watchbox.internal.access;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessFilterTest {

    private final AccessFilter filter = new AccessFilter(new AccessRules(OriginPolicy.parse("*"), AnonymousPolicy.LOCAL, Set.of()));
    private final HttpServletResponse response = proxy(HttpServletResponse.class, Map.of());

    @Test
    void aClientThatLeavesDuringItsHandshakeIsNobodysError() {
        HttpServletRequest upgrade = request(Map.of("Upgrade", "websocket"));
        FilterChain peerGone = (req, res) -> {
            throw new IOException("Connection is closed");
        };

        assertDoesNotThrow(() -> filter.doFilter(upgrade, response, peerGone));
    }

    @Test
    void anyOtherFailureOfTheHandshakeGoesOnToTheContainer() {
        HttpServletRequest upgrade = request(Map.of("Upgrade", "websocket"));
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
