package io.watchbox.internal.container;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Serves the live dashboard at {@code watchbox.path + "/dashboard/"} from the jar's
 * {@code META-INF/watchbox/dashboard}, where the build also puts uPlot (from its WebJar, under
 * {@code vendor/}), so that the page fetches nothing from outside this path and the host
 * application serves nothing of ours elsewhere. The files are public, like {@code watchbox.js}: the
 * data and the actions come from the REST API, which asks for {@code watchbox-admin}.
 */
public final class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Where the jar keeps the files. */
    static final String ROOT = "META-INF/watchbox/dashboard";
    /** The mapping below {@code watchbox.path}; it also takes the bare {@code /dashboard}, redirected. */
    static final String MAPPING = "/dashboard/*";

    private static final String HTML = "text/html;charset=UTF-8";
    private static final String JS = "text/javascript;charset=UTF-8";
    private static final String CSS = "text/css;charset=UTF-8";
    /** The page loads only its own files and talks only to its own server (REST and WebSocket). */
    private static final String POLICY = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final String path;
    private final transient Map<String, ServedFile> files;

    DashboardServlet(String path) {
        this.path = path;
        ServedFile page = ServedFile.read(ROOT + "/index.html", HTML);
        this.files = Map.of(
                "/", page,
                "/index.html", page,
                "/dashboard.js", ServedFile.read(ROOT + "/dashboard.js", JS),
                "/dashboard.css", ServedFile.read(ROOT + "/dashboard.css", CSS),
                "/vendor/uPlot.esm.js", ServedFile.read(ROOT + "/vendor/uPlot.esm.js", JS),
                "/vendor/uPlot.min.css", ServedFile.read(ROOT + "/vendor/uPlot.min.css", CSS));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getPathInfo();
        if (name == null) {
            // The page's relative addresses (../api/, ../watchbox.js) need the trailing slash.
            String query = request.getQueryString();
            response.sendRedirect(request.getContextPath() + path + "/dashboard/" + (query == null ? "" : "?" + query));
            return;
        }
        ServedFile file = files.get(name);
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (file.type().equals(HTML)) {
            response.setHeader("Content-Security-Policy", POLICY);
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Referrer-Policy", "same-origin");
        }
        file.send(request, response);
    }
}
