package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files over HTTP, as the module serves them at {path}/dashboard/ in the host
 * application: uPlot from the jar beside the page, nothing from /webjars, and the WebSocket
 * endpoint at {path} still upgraded rather than redirected (Payara redirects a path that has a
 * static folder below it).
 */
class DashboardFilesIT {

    private static final String DASHBOARD = "/watchbox/dashboard/";

    @Test
    void thePageAndItsFilesAnswerWithTheirTypes() {
        HttpResponse<String> page = get(DASHBOARD);
        assertEquals(200, page.statusCode());
        assertType("text/html", page);
        assertTrue(page.body().contains("<script type=\"module\" src=\"dashboard.js\"></script>"), page::body);
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""));

        HttpResponse<String> script = get(DASHBOARD + "dashboard.js");
        assertEquals(200, script.statusCode());
        assertType("text/javascript", script);
        assertTrue(script.body().contains("from '../watchbox.js'"), "the browser client beside the dashboard");
        assertType("text/css", get(DASHBOARD + "dashboard.css"));

        HttpResponse<String> uplot = get(DASHBOARD + "vendor/uPlot.esm.js");
        assertEquals(200, uplot.statusCode());
        assertType("text/javascript", uplot);
        assertTrue(uplot.body().contains("export { uPlot as default }"));
        assertType("text/css", get(DASHBOARD + "vendor/uPlot.min.css"));
    }

    @Test
    void theBarePathRedirectsToTheFolderAndUnknownFilesAreNotFound() {
        HttpResponse<String> bare = get("/watchbox/dashboard");
        assertEquals(302, bare.statusCode());
        assertEquals(Server.baseUri().resolve(DASHBOARD),
                Server.baseUri().resolve(bare.headers().firstValue("Location").orElseThrow()));

        assertEquals(404, get(DASHBOARD + "nothing.js").statusCode());
        assertEquals(404, get(DASHBOARD + "vendor/LICENSE").statusCode());
    }

    @Test
    void aFileTheBrowserHasIsNotSentAgain() {
        String etag = get(DASHBOARD + "vendor/uPlot.esm.js").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = Server.send(HttpRequest.newBuilder(url(DASHBOARD + "vendor/uPlot.esm.js"))
                .header("If-None-Match", etag).GET());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
    }

    @Test
    void theHostServesNoWebJarAndTheWebSocketPathIsNotRedirected() {
        Matcher version = Pattern.compile("\\(v([0-9.]+)\\)").matcher(get(DASHBOARD + "vendor/uPlot.esm.js").body());
        assertTrue(version.find(), "uPlot names its version in its header");
        assertEquals(404, get("/webjars/uplot/" + version.group(1) + "/dist/uPlot.esm.js").statusCode());
        HttpResponse<String> endpoint = get("/watchbox");
        assertTrue(endpoint.statusCode() != 301 && endpoint.statusCode() != 302,
                () -> "a GET of the endpoint without upgrade: " + endpoint.statusCode() + " " + endpoint.headers());
        try (RawClient client = RawClient.hello(Names.uid("dash-files"))) {
            client.send("{\"type\":\"ping\",\"id\":1}");
            client.expect("pong");
        }
    }

    private static void assertType(String type, HttpResponse<String> response) {
        String actual = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(actual.startsWith(type), () -> response.uri() + " is " + actual + ", not " + type);
    }

    private static URI url(String path) {
        return URI.create(Server.baseUrl() + path);
    }

    private static HttpResponse<String> get(String path) {
        return Server.send(HttpRequest.newBuilder(url(path)).GET());
    }
}
