package io.watchbox.it;

import static org.awaitility.Awaitility.await;

import io.watchbox.it.browser.Browser;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The test page of watchbox.js ({@code /browser/index.html} of the test application, from
 * src/test/webapp) in a browser tab: each call runs a function of its {@code window.harness} and
 * returns its JSON answer.
 */
final class HarnessPage {

    private static final Duration LOAD = Duration.ofSeconds(30);

    private final Browser browser;

    private HarnessPage(Browser browser) {
        this.browser = browser;
    }

    /** Opens the test page of the server at {@code baseUrl} and waits for its module to load. */
    static HarnessPage open(Browser browser, String baseUrl) {
        browser.open(baseUrl + "/browser/index.html");
        await().atMost(LOAD).until(() -> Boolean.TRUE.equals(browser.script("return window.harness !== undefined")));
        return new HarnessPage(browser);
    }

    JsonObject call(String function, Object... args) {
        Object answer = browser.asyncScript("""
                const [fn, args, done] = arguments;
                Promise.resolve().then(() => window.harness[fn](...args))
                    .then(value => done(JSON.stringify(value)), e => done(JSON.stringify({thrown: String(e)})));
                """, function, Arrays.asList(args));
        JsonObject result = Server.json((String) answer).asJsonObject();
        if (result.containsKey("thrown")) {
            throw new AssertionError("harness." + function + " threw " + result.getString("thrown"));
        }
        return result;
    }

    /** Connects client {@code name} with these options of watchbox.js; answers {uid, user, url} or {error}. */
    JsonObject connect(String name, Map<String, Object> options) {
        return call("connect", name, options);
    }

    JsonObject state(String name) {
        return call("state", name);
    }

    List<JsonObject> messages(String name) {
        return objects(state(name), "messages");
    }

    List<JsonObject> events(String name, String type) {
        return objects(state(name), "events").stream().filter(e -> e.getString("type").equals(type)).toList();
    }

    List<String> texts(String name) {
        return messages(name).stream().map(m -> m.getString("text")).toList();
    }

    static List<JsonObject> objects(JsonObject state, String key) {
        return state.getJsonArray(key).stream().map(JsonValue::asJsonObject).toList();
    }
}
