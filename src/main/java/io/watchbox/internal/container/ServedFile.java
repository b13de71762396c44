package io.watchbox.internal.container;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * An unchanging file of the Watchbox jar, served by the module's own servlets: its bytes, its type
 * and a tag for conditional requests.
 */
record ServedFile(byte[] bytes, String type, String etag) {

    /** Reads a resource of the jar, or stops the deployment: a jar without it is broken. */
    static ServedFile read(String resource, String type) {
        try (InputStream in = ServedFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the Watchbox jar lacks " + resource);
            }
            byte[] bytes = in.readAllBytes();
            return new ServedFile(bytes, type, etag(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the Watchbox jar", e);
        }
    }

    /** The file with its tag, or 304 when the request already has it. */
    void send(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("ETag", etag);
        // Revalidated on every load, so a new version of the jar is picked up at once.
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
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
