package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.watchbox.it.browser.Browser;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT.js (npm's {@code mqtt}, its browser bundle copied into the test application by the build)
 * in a real Chromium page served by the application, over WebSocket with the subprotocol
 * {@code mqtt}, as MQTT 3.1.1 (protocolVersion 4) and 5.0: it shares groups with a JSON client
 * and with REST.
 */
class MqttJsIT {

    @RegisterExtension
    static final Browser browser = new Browser();

    private Page page;

    @BeforeEach
    void openPage() {
        page = Page.open(browser, Server.baseUrl());
    }

    @AfterEach
    void screenshot(TestInfo test) {
        browser.screenshot(test);
    }

    @ParameterizedTest(name = "MQTT.js protocolVersion {0}")
    @ValueSource(ints = {4, 5})
    void thePageReceivesWhatJsonClientsAndRestPublish(int protocolVersion) {
        String group = Names.group("mqttjs");
        String uid = Names.uid("mqttjs");
        JsonObject connected = page.call("connect", "sub", Map.of("protocolVersion", protocolVersion, "clientId", uid));
        assertFalse(connected.containsKey("error"), connected::toString);
        assertEquals(1, page.call("subscribe", "sub", group + "/#", 1).getInt("qos"));

        try (RawClient json = RawClient.hello(Names.uid("json"))) {
            json.send("{\"type\":\"pub\",\"id\":\"p\",\"group\":\"" + group + "/json\",\"msg\":\"from json ☃\"}");
            assertEquals(1, json.expect("ok").getInt("delivered"));
        }
        assertEquals(1, Server.publish(group + "/rest", "from rest ☃"));

        List<JsonObject> messages = page.messages("sub", 2);
        assertEquals(List.of(group + "/json", "from json ☃", 1), describe(messages.get(0)));
        assertEquals(List.of(group + "/rest", "from rest ☃", 1), describe(messages.get(1)));
        JsonObject listed = Server.client(uid);
        assertNotNull(listed, () -> uid + " is not in GET /clients");
        assertEquals("mqtt", listed.getString("protocol"));
    }

    @ParameterizedTest(name = "MQTT.js protocolVersion {0}")
    @ValueSource(ints = {4, 5})
    void aJsonSubscriberReceivesWhatThePagePublishesAtQos0And1(int protocolVersion) {
        String group = Names.group("mqttjs");
        String uid = Names.uid("mqttjs-pub");
        try (RawClient json = RawClient.hello(Names.uid("json"))) {
            json.send("{\"type\":\"sub\",\"group\":\"" + group + "/+\"}");
            json.expect("ok");
            JsonObject connected = page.call("connect", "pub", Map.of("protocolVersion", protocolVersion, "clientId", uid));
            assertFalse(connected.containsKey("error"), connected::toString);

            page.call("publish", "pub", group + "/q0", "QoS 0 é", 0);
            page.call("publish", "pub", group + "/q1", "QoS 1 é", 1); // resolves on the PUBACK
            for (String qos : List.of("q0", "q1")) {
                JsonObject message = json.expect("msg");
                assertEquals(List.of(group + "/" + qos, qos.equals("q0") ? "QoS 0 é" : "QoS 1 é", uid),
                        List.of(message.getString("group"), message.getString("msg"), message.getString("from")));
            }
        }
    }

    private static List<Object> describe(JsonObject message) {
        return List.of(message.getString("topic"), message.getString("text"), message.getInt("qos"));
    }

    /** The MQTT.js test page ({@code /browser/mqtt.html}, src/test/webapp): each call runs a function of its {@code window.mqttPage}. */
    static final class Page {
        private final Browser browser;

        private Page(Browser browser) {
            this.browser = browser;
        }

        static Page open(Browser browser, String baseUrl) {
            browser.open(baseUrl + "/browser/mqtt.html");
            await().atMost(RawClient.WAIT).until(() -> Boolean.TRUE.equals(browser.script("return window.mqttPage !== undefined")));
            return new Page(browser);
        }

        JsonObject call(String function, Object... args) {
            Object answer = browser.asyncScript("""
                    const [fn, args, done] = arguments;
                    Promise.resolve().then(() => window.mqttPage[fn](...args))
                        .then(value => done(JSON.stringify(value)), e => done(JSON.stringify({thrown: String(e)})));
                    """, function, Arrays.asList(args));
            JsonObject result = Server.json((String) answer).asJsonObject();
            if (result.containsKey("thrown")) {
                throw new AssertionError("mqttPage." + function + " threw " + result.getString("thrown"));
            }
            return result;
        }

        /** The first {@code count} messages client {@code name} received, waiting for them. */
        List<JsonObject> messages(String name, int count) {
            await().atMost(RawClient.WAIT).until(() -> call("state", name).getJsonArray("messages").size() >= count);
            return call("state", name).getJsonArray("messages").stream().map(JsonValue::asJsonObject).limit(count).toList();
        }
    }
}
