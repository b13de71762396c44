package io.watchbox.internal.container;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the browser client, {@code watchbox.js} and {@code watchbox.d.ts}, at {@code watchbox.path}
 * from the jar's {@code META-INF/watchbox/browser}. Not from {@code META-INF/resources/watchbox}:
 * Payara answers a folder there with a redirect of {@code /watchbox} to {@code /watchbox/}, before
 * the WebSocket upgrade, and a servlet follows a moved path by itself.
 */
public final class BrowserFilesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Where the jar keeps the files. */
    static final String ROOT = "META-INF/watchbox/browser";
    /** The files, served at {@code path + name}. */
    static final List<String> FILES = List.of("/watchbox.js", "/watchbox.d.ts");

    private final String path;
    private final transient Map<String, ServedFile> files = new HashMap<>();

    BrowserFilesServlet(String path) {
        this.path = path;
        for (String name : FILES) {
            String type = name.endsWith(".js") ? "text/javascript;charset=UTF-8" : "text/plain;charset=UTF-8";
            files.put(name, ServedFile.read(ROOT + name, type));
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServedFile file = files.get(request.getServletPath().substring(path.length()));
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        // Public code: a page of another origin that watchbox.origins admits may import it too.
        response.setHeader("Access-Control-Allow-Origin", "*");
        file.send(request, response);
    }
}
