package io.watchbox.internal.container;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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
    private final transient Map<String, BrowserFile> files = new HashMap<>();

    /** An unchanging file of the jar: its bytes, its type and a tag for conditional requests. */
    private record BrowserFile(byte[] bytes, String type, String etag) {
    }

    BrowserFilesServlet(String path) {
        this.path = path;
        for (String name : FILES) {
            byte[] bytes = read(ROOT + name);
            String type = name.endsWith(".js") ? "text/javascript;charset=UTF-8" : "text/plain;charset=UTF-8";
            files.put(name, new BrowserFile(bytes, type, etag(bytes)));
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        BrowserFile file = files.get(request.getServletPath().substring(path.length()));
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setHeader("ETag", file.etag());
        // Revalidated on every load, so a new version of the jar is picked up at once.
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // Public code: a page of another origin that watchbox.origins admits may import it too.
        response.setHeader("Access-Control-Allow-Origin", "*");
        if (file.etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(file.type());
        response.setContentLength(file.bytes().length);
        response.getOutputStream().write(file.bytes());
    }

    private static byte[] read(String resource) {
        try (InputStream in = BrowserFilesServlet.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the Watchbox jar lacks " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the Watchbox jar", e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
