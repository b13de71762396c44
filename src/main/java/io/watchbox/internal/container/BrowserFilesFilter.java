package io.watchbox.internal.container;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Serves the browser files at a moved {@code watchbox.path}. The jar keeps them in
 * {@code META-INF/resources/watchbox/}, which the container serves at {@code {ctx}/watchbox/} by
 * itself; when the path is another one, requests for them under it are forwarded there.
 */
public final class BrowserFilesFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Where the container serves the jar's files. */
    static final String HOME = "/watchbox";
    /** The files, relative to {@link #HOME}. */
    static final List<String> FILES = List.of("/watchbox.js", "/watchbox.d.ts");

    private final String path;

    BrowserFilesFilter(String path) {
        this.path = path;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String file = request.getRequestURI().substring(request.getContextPath().length() + path.length());
        request.getRequestDispatcher(HOME + file).forward(request, response);
    }
}
