package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class PubSubIT {

    @Test
    void subscribeAndPublishAreAcknowledgedWithTheirIds() {
        String group = Names.group("ack");
        try (RawClient client = RawClient.hello(Names.uid("ack"))) {
            client.send("{\"type\":\"sub\",\"id\":\"s1\",\"group\":\"" + group + "\"}");
            assertEquals("s1", client.expect("ok").getString("id"));
            client.send("{\"type\":\"unsub\",\"id\":\"u1\",\"group\":\"" + group + "\"}");
            assertEquals("u1", client.expect("ok").getString("id"));
            client.send("{\"type\":\"unsub\",\"id\":\"u2\",\"group\":\"never/subscribed\"}");
            assertEquals("u2", client.expect("ok").getString("id"));
            client.send("{\"type\":\"pub\",\"id\":\"p1\",\"group\":\"" + group + "\",\"msg\":\"x\"}");
            JsonObject ok = client.expect("ok");
            assertEquals("p1", ok.getString("id"));
            assertEquals(0, ok.getInt("delivered"));
        }
    }

    @Test
    void aPublisherSubscribedToTheGroupReceivesItsOwnMessage() {
        String uid = Names.uid("self");
        String group = Names.group("self");
        try (RawClient client = RawClient.hello(uid)) {
            client.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
            client.expect("ok");
            client.send("{\"type\":\"pub\",\"id\":\"p\",\"group\":\"" + group + "\",\"msg\":\"hi \\\"there\\\" \u00e9\"}");
            JsonObject first = client.next();
            JsonObject second = client.next();
            JsonObject ok = first.getString("type").equals("ok") ? first : second;
            JsonObject msg = first.getString("type").equals("msg") ? first : second;
            assertEquals(1, ok.getInt("delivered"));
            assertEquals(1, msg.getJsonNumber("seq").longValue());
            assertEquals(group, msg.getString("group"));
            assertEquals("hi \"there\" \u00e9", msg.getString("msg"));
            assertEquals(uid, msg.getString("from"));
        }
    }

    @Test
    void messagesReachEverySubscriberOnceWithTheirOwnSeqNumbers() {
        String group = Names.group("fan");
        try (RawClient a = RawClient.hello(Names.uid("a"));
             RawClient b = RawClient.hello(Names.uid("b"))) {
            subscribe(a, group);
            subscribe(a, group + "/#");
            subscribe(b, group);
            assertEquals(2, Server.publish(group, "one"));
            assertEquals(2, Server.publish(group, "two"));
            for (RawClient client : new RawClient[] {a, b}) {
                JsonObject one = client.expect("msg");
                JsonObject two = client.expect("msg");
                assertEquals("one", one.getString("msg"));
                assertEquals(1, one.getInt("seq"));
                assertEquals("two", two.getString("msg"));
                assertEquals(2, two.getInt("seq"));
                assertEquals(JsonValue.NULL, one.get("from"), "the server published it");
            }
        }
    }

    @Test
    void wildcardsMatchAsInMqtt() {
        String base = Names.group("wild");
        try (RawClient oneLevel = RawClient.hello(Names.uid("plus"));
             RawClient rest = RawClient.hello(Names.uid("hash"))) {
            subscribe(oneLevel, base + "/+/temp");
            subscribe(rest, base + "/#");
            assertEquals(2, Server.publish(base + "/kitchen/temp", "21"));
            assertEquals(1, Server.publish(base + "/kitchen/light", "on"));
            assertEquals(1, Server.publish(base, "parent"));
            assertEquals(0, Server.publish(base + "x/kitchen/temp", "elsewhere"));
            assertEquals("21", oneLevel.expect("msg").getString("msg"));
            assertEquals("21", rest.expect("msg").getString("msg"));
            assertEquals("on", rest.expect("msg").getString("msg"));
            assertEquals("parent", rest.expect("msg").getString("msg"));
            oneLevel.send("{\"type\":\"ping\"}");
            oneLevel.expect("pong");
        }
    }

    @Test
    void afterUnsubscribeNothingMoreArrives() {
        String group = Names.group("unsub");
        try (RawClient client = RawClient.hello(Names.uid("unsub"))) {
            subscribe(client, group);
            client.send("{\"type\":\"unsub\",\"group\":\"" + group + "\"}");
            client.expect("ok");
            assertEquals(0, Server.publish(group, "gone"));
            client.send("{\"type\":\"ping\",\"id\":\"last\"}");
            assertEquals("last", client.expect("pong").getString("id"));
        }
    }

    @Test
    void pingGetsPongAndUnknownFieldsAreIgnored() {
        try (RawClient client = RawClient.hello(Names.uid("ping"))) {
            client.send("{\"type\":\"ping\",\"id\":\"x\",\"extra\":{\"deep\":[1,2]}}");
            JsonObject pong = client.expect("pong");
            assertEquals("x", pong.getString("id"));
            client.send("{\"type\":\"ping\"}");
            assertTrue(!client.expect("pong").containsKey("id"));
        }
    }

    @Test
    void restPublishesAcceptTextAndJsonAndKeepGroupLevels() {
        String group = Names.group("rest") + "/kitchen/temp";
        try (RawClient client = RawClient.hello(Names.uid("rest"))) {
            subscribe(client, group);
            var text = Server.post("/groups/" + group + "/messages", "text/plain; charset=UTF-8", "plain \u00fc");
            assertEquals(202, text.statusCode());
            JsonObject answer = Server.json(text.body()).asJsonObject();
            assertEquals(group, answer.getString("group"));
            assertEquals(1, answer.getInt("delivered"));
            var json = Server.post("/groups/" + group + "/messages", "application/json", "{\"msg\":\"from json\"}");
            assertEquals(202, json.statusCode());
            assertEquals("plain \u00fc", client.expect("msg").getString("msg"));
            assertEquals("from json", client.expect("msg").getString("msg"));
        }
    }

    static void subscribe(RawClient client, String group) {
        client.send("{\"type\":\"sub\",\"group\":\"" + group + "\"}");
        client.expect("ok");
    }
}
