package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.Message;
import io.watchbox.client.WatchboxClient;
import io.watchbox.it.browser.Browser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The live dashboard ({path}/dashboard/) in a real Chromium, as an administrator on the server's
 * own machine (anonymous loopback callers have the admin role under watchbox.anonymous=local):
 * it lists a Java client's session, kicks it, publishes a test message, tails a group, plots a
 * burst, and says plainly when the API refuses.
 */
class DashboardIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Columns of the sessions table. */
    private static final int UID = 0;
    private static final int USER = 1;
    private static final int PROTOCOL = 2;
    private static final int STATE = 3;
    private static final int GROUPS = 4;
    private static final int QUEUED = 5;

    @RegisterExtension
    static final Browser browser = new Browser();

    private WatchboxClient client;
    private Recorder recorder;

    @BeforeEach
    void openDashboard() {
        browser.open(Server.baseUrl() + "/watchbox/dashboard/");
        await().atMost(WAIT).until(() -> number("return window.watchboxDashboard?.refreshes ?? 0") > 0);
    }

    @AfterEach
    void screenshotAndClose(TestInfo test) {
        browser.screenshot(test);
        browser.script("sessionStorage.clear()");
        if (client != null) {
            client.close();
        }
    }

    @Test
    void listsAConnectedClientAndKicksIt() {
        String uid = Names.uid("dash-kick");
        String group = Names.group("dash-kick");
        connectClient(uid, group);

        await().atMost(WAIT).until(() -> group.equals(cellText(uid, GROUPS)));
        assertEquals("connected", cellText(uid, STATE));
        assertEquals("anonymous", cellText(uid, USER));
        assertEquals("json", cellText(uid, PROTOCOL));
        assertEquals("0", cellText(uid, QUEUED));
        browser.screenshot("DashboardIT-sessions-" + System.getProperty("watchbox.it.server.kind", "server"));

        browser.driver().findElement(By.cssSelector("tr[data-uid='" + uid + "'] button.kick")).click();

        await().atMost(WAIT).until(() -> recorder.disconnects.equals(List.of("kicked")));
        await().atMost(WAIT).until(() -> cellText(uid, UID) == null);
        assertTrue(text("notice").startsWith("Kicked " + uid), text("notice"));
        assertNull(Server.client(uid), "the session is gone");
    }

    @Test
    void listsAnMqttClientsSessionWithItsProtocolAndCountsIt() throws Exception {
        String uid = Names.uid("dash-mqtt");
        String group = Names.group("dash-mqtt");
        try (MqttIT.V3 mqtt = MqttIT.V3.connect(uid)) {
            mqtt.subscribe(group, 1);

            await().atMost(WAIT).until(() -> group.equals(cellText(uid, GROUPS)));
            assertEquals("mqtt", cellText(uid, PROTOCOL));
            assertEquals("connected", cellText(uid, STATE));
            // Other tests' clients may be connected too, but never fewer than this one.
            await().atMost(WAIT).until(() -> number("return Number(document.getElementById('mqttConnected').textContent)") >= 1
                    && number("return Number(document.getElementById('mqttSessions').textContent)") >= 1);
            browser.screenshot("DashboardIT-mqtt-" + System.getProperty("watchbox.it.server.kind", "server"));
        }
        // A clean session ends with its connection.
        await().atMost(WAIT).until(() -> cellText(uid, UID) == null);
    }

    @Test
    void publishesATestMessageAndShowsTheDeliveredCount() {
        String group = Names.group("dash-pub");
        connectClient(Names.uid("dash-pub"), group);
        await().atMost(WAIT).until(() -> "1".equals(browser.script(
                "return document.querySelector('#groups-table tr[data-key=\"' + arguments[0] + '\"]')?.cells[1].textContent",
                group)));

        type("publish-group", group);
        type("publish-text", "from the dashboard");
        browser.driver().findElement(By.cssSelector("#publish-form button")).click();

        await().atMost(WAIT).until(() -> text("publish-result").equals("Delivered to 1 session."));
        await().atMost(WAIT).until(() -> recorder.messages.size() == 1);
        Message message = recorder.messages.get(0);
        assertEquals("from the dashboard", message.text());
        assertEquals(group, message.group());
        assertNull(message.from(), "published by the server, over REST");
    }

    @Test
    void tailsAGroupLiveNewestFirst() {
        String group = Names.group("dash-tail");
        type("tail-filter", group + "/#");
        browser.driver().findElement(By.id("tail-start")).click();
        await().atMost(WAIT).until(() -> text("tail-status").startsWith("Tailing " + group + "/#"));

        Server.publish(group + "/kitchen", "first");
        Server.publish(group + "/hall", "second");

        await().atMost(WAIT).until(() -> tail().size() == 2);
        assertEquals(List.of(group + "/hall second (server)", group + "/kitchen first (server)"), tail());
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(
                browser.script("return document.querySelector('#sessions-table tr.mine') !== null")));
    }

    @Test
    void theFiguresShowTheDroppedEventsBesideTheBacklogAndNoReplicasOnASingleNode() {
        // No test of this run floods the observers: none were dropped.
        assertEquals("0", text("eventsDropped"));
        assertEquals(Boolean.TRUE, browser.script("return document.getElementById('replicas-section').hidden"));
    }

    @Test
    void thePlotsMoveUnderLoad() {
        String group = Names.group("dash-load");
        connectClient(Names.uid("dash-load"), group);
        String canvasBefore = (String) browser.script("return document.querySelector('#rates-plot canvas').toDataURL()");
        double since = number("const x = watchboxDashboard.rates.data[0]; return x.length ? x[x.length - 1] : 0");

        int burst = 60;
        for (int i = 0; i < burst; i++) {
            Server.publish(group, "load " + i);
        }

        // Each sample is a rate over the time since the one before: their integral is the count.
        await().atMost(WAIT).until(() -> plotted(1, since) >= burst - 0.5 && plotted(2, since) >= burst - 0.5);
        await().atMost(WAIT).until(() -> !canvasBefore.equals(
                browser.script("return document.querySelector('#rates-plot canvas').toDataURL()")));
        assertTrue(number("return Math.max(...watchboxDashboard.rates.data[1])") > 0);
    }

    @Test
    void twoQuickTailsOpenOneSocket() {
        String group = Names.group("dash-twice");
        // Counts the sockets the page opens (watchbox.js takes the WebSocket constructor when it makes a client).
        browser.script("window.socketsOpened = 0;"
                + "const Native = window.WebSocket;"
                + "window.WebSocket = class extends Native { constructor(...a) { super(...a); window.socketsOpened++; } };");
        type("tail-filter", group);
        browser.script("document.getElementById('tail-start').click(); document.getElementById('tail-start').click();");

        await().atMost(WAIT).until(() -> text("tail-status").startsWith("Tailing " + group));
        assertEquals(1.0, number("return window.socketsOpened"));
        Server.publish(group, "once");
        await().atMost(WAIT).until(() -> tail().size() == 1);
    }

    @Test
    void afterTheFirstLoadOnlyNewSamplesAreRead() {
        await().atMost(WAIT).until(() -> number("return watchboxDashboard.refreshes") >= 3);
        // The history the page asked for: once all of it, then since its last sample.
        @SuppressWarnings("unchecked")
        List<String> asked = (List<String>) browser.script("return performance.getEntriesByType('resource')"
                + ".map(e => new URL(e.name)).filter(u => u.pathname.endsWith('/api/stats/history'))"
                + ".map(u => u.search)");
        assertEquals("", asked.get(0), asked::toString);
        assertTrue(asked.size() >= 2 && asked.subList(1, asked.size()).stream().allMatch(q -> q.startsWith("?since=")),
                asked::toString);
        await().atMost(WAIT).until(() -> number("return watchboxDashboard.rates.data[0].length") > 0);
    }

    @Test
    void pagesThroughTheSessions() {
        String base = Names.uid("dash-page");
        try (RawClient one = RawClient.hello(base + "-1"); RawClient two = RawClient.hello(base + "-2");
                RawClient three = RawClient.hello(base + "-3")) {
            browser.open(Server.baseUrl() + "/watchbox/dashboard/?page-size=2");
            await().atMost(WAIT).until(() -> number("return window.watchboxDashboard?.refreshes ?? 0") > 0);
            await().atMost(WAIT).until(() -> !text("sessions-count").isEmpty());
            assertEquals(Boolean.FALSE, browser.script("return document.getElementById('sessions-pager').hidden"));
            // Next, page by page, until the page with base-1 (at most two rows a page, sorted by uid).
            int turned = 0;
            for (; cellText(base + "-1", UID) == null; turned++) {
                assertTrue(turned < 1000, "base-1 is on some page");
                assertTrue(rows() <= 2);
                String first = firstUid();
                browser.driver().findElement(By.id("sessions-next")).click();
                await().atMost(WAIT).until(() -> !first.equals(firstUid()));
            }
            assertTrue(text("sessions-count").contains(" of "), text("sessions-count"));
            assertEquals(turned > 0, Boolean.FALSE.equals(browser.script("return document.getElementById('sessions-previous').disabled")));
            if (cellText(base + "-2", UID) == null) {
                browser.driver().findElement(By.id("sessions-next")).click();
                await().atMost(WAIT).until(() -> cellText(base + "-2", UID) != null);
            }
            browser.driver().findElement(By.id("sessions-first")).click();
            await().atMost(WAIT).until(() -> Boolean.TRUE.equals(
                    browser.script("return document.getElementById('sessions-first').disabled")));
        }
    }

    private String firstUid() {
        return (String) browser.script("return document.querySelector('#sessions-table tbody tr')?.dataset.uid ?? ''");
    }

    private double rows() {
        return number("return document.querySelectorAll('#sessions-table tbody tr').length");
    }

    @Test
    void saysPlainlyWhenTheApiRefuses() {
        useToken("not-a-jwt");
        await().atMost(WAIT).until(() -> text("problem").startsWith("Sign-in needed. The server refused: "));

        useToken(IdentityIT.token("alice"));
        await().atMost(WAIT).until(() -> text("problem").equals(
                "Admin role needed. The server refused: needs role watchbox-admin."));
        assertEquals("not updating", text("status"));
        browser.screenshot("DashboardIT-refused-" + System.getProperty("watchbox.it.server.kind", "server"));

        useToken("");
        await().atMost(WAIT).until(() -> text("problem").isEmpty() && text("status").startsWith("live"));
    }

    /** A Java client (it keeps its session alive across the 4 s timeout) subscribed to the group. */
    private void connectClient(String uid, String group) {
        recorder = new Recorder();
        client = WatchboxClient.builder(Server.webSocketUri()).uid(uid).listener(recorder).build();
        ClientResilienceIT.join(client.connect());
        ClientResilienceIT.join(client.subscribe(group, recorder));
    }

    private void useToken(String token) {
        if (!Boolean.TRUE.equals(browser.script("return document.getElementById('credentials').open"))) {
            browser.driver().findElement(By.cssSelector("#credentials summary")).click();
        }
        type("token", token);
        browser.driver().findElement(By.cssSelector("#token-form button")).click();
    }

    private void type(String id, String text) {
        WebElement input = browser.driver().findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private String text(String id) {
        return (String) browser.script("return document.getElementById(arguments[0]).textContent", id);
    }

    /** The text of a cell of the session's row, or null while there is no such row. */
    private String cellText(String uid, int cell) {
        return (String) browser.script(
                "return document.querySelector('#sessions-table tr[data-uid=\"' + arguments[0] + '\"]')?.cells[arguments[1]]"
                        + ".textContent ?? null", uid, cell);
    }

    /** The tail's lines as "group text from", newest first. */
    @SuppressWarnings("unchecked")
    private List<String> tail() {
        return (List<String>) browser.script("return [...document.querySelectorAll('#tail li')].map(li => "
                + "[li.querySelector('.group').textContent, li.querySelector('.text').textContent, "
                + "li.querySelector('.from').textContent].join(' '))");
    }

    /** How many messages a series of the rates plot shows after time {@code since} (seconds). */
    private double plotted(int series, double since) {
        return number("""
                const [x, rate] = [watchboxDashboard.rates.data[0], watchboxDashboard.rates.data[arguments[0]]];
                let sum = 0;
                for (let i = 1; i < x.length; i++) if (x[i] > arguments[1]) sum += rate[i] * (x[i] - x[i - 1]);
                return sum;
                """, series, since);
    }

    private double number(String script, Object... args) {
        return ((Number) browser.script(script, args)).doubleValue();
    }
}
