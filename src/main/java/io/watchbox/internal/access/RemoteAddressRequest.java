package io.watchbox.internal.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;

/** The request with {@link AccessFilter#REMOTE_ADDRESS} set to the address the container saw; a client's own value is dropped. */
final class RemoteAddressRequest extends HttpServletRequestWrapper {

    RemoteAddressRequest(HttpServletRequest request) {
        super(request);
    }

    @Override
    public String getHeader(String name) {
        return isOurs(name) ? getRemoteAddr() : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return isOurs(name) ? Collections.enumeration(List.of(getRemoteAddr())) : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = Stream.concat(Collections.list(super.getHeaderNames()).stream().filter(n -> !isOurs(n)),
                Stream.of(AccessFilter.REMOTE_ADDRESS)).toList();
        return Collections.enumeration(names);
    }

    private static boolean isOurs(String name) {
        return AccessFilter.REMOTE_ADDRESS.equalsIgnoreCase(name);
    }
}
