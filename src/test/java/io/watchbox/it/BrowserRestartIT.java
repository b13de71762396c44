package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.it.browser.Browser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * watchbox.js in a real Chromium across a Liberty restart, which forgets every session: the page
 * sees the disconnect and the reconnect, subscribes again by itself, and what it published while
 * the server was down is sent once it is back, so nothing is lost.
 */
@Tag("liberty")
class BrowserRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void aRestartGivesAReconnectWithNothingLost() throws Exception {
        String group = Names.group("browser-restart");
        HarnessPage page = HarnessPage.open(browser, Server.baseUrl());
        String uid = page.connect("a", Map.of("maxBackoff", 1000)).getString("uid");
        assertTrue(page.call("subscribe", "a", group, "a").getBoolean("ok"));
        assertEquals(1, page.call("publish", "a", group, "before").getInt("delivered"));

        try {
            Server.liberty("stop");
            await().atMost(WAIT).until(() -> page.events("a", "disconnect").size() == 1);
            browser.screenshot("BrowserRestartIT-server-stopped");
            page.call("publishLater", "a", group, "while down 1");
            page.call("publishLater", "a", group, "while down 2");
        } finally {
            Server.liberty("start");
        }

        await().atMost(WAIT).until(() -> page.events("a", "reconnect").size() == 1);
        assertEquals(false, page.events("a", "reconnect").get(0).getBoolean("resumed"), "the restarted server forgot the session");
        await().atMost(WAIT).until(() -> page.state("a").getJsonArray("published").size() == 2);
        assertEquals(1, Server.publish(group, "after"), "the page subscribed again by itself");
        await().atMost(WAIT).until(() -> page.texts("a").contains("after"));

        assertEquals(List.of("before", "while down 1", "while down 2", "after"), page.texts("a"));
        assertEquals(uid, page.state("a").getString("uid"), "the same uid in the new session");
        assertEquals(1, page.events("a", "disconnect").size());
        browser.screenshot("BrowserRestartIT-reconnected");
    }
}
