package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class HandshakeIT {

    @Test
    void helloWithoutUidGetsAGeneratedUidAndTheSettings() {
        try (RawClient client = RawClient.connect()) {
            client.send("{\"type\":\"hello\",\"id\":\"h1\"}");
            JsonObject welcome = client.expect("welcome");
            assertEquals("h1", welcome.getString("id"));
            assertTrue(welcome.getString("uid").matches("[A-Za-z0-9_-]{1,64}"), welcome::toString);
            assertFalse(welcome.getBoolean("resumed"));
            assertEquals(Server.TIMEOUT_SECONDS, welcome.getInt("timeout"));
            assertEquals(Server.LISTLIMIT, welcome.getInt("listlimit"));
        }
    }

    @Test
    void helloWithAnUnknownUidStartsAFreshSessionUnderThatUid() {
        String uid = Names.uid("fresh");
        try (RawClient client = RawClient.connect()) {
            client.send("{\"type\":\"hello\",\"uid\":\"" + uid + "\",\"since\":42}");
            JsonObject welcome = client.expect("welcome");
            assertEquals(uid, welcome.getString("uid"));
            assertFalse(welcome.getBoolean("resumed"));
        }
    }

    @Test
    void aFirstFrameThatIsNotHelloGetsBadFrameAndClose4400() {
        try (RawClient client = RawClient.connect()) {
            client.send("{\"type\":\"ping\",\"id\":\"p\"}");
            JsonObject error = client.expect("error");
            assertEquals("bad-frame", error.getString("code"));
            assertEquals("p", error.getString("id"));
            assertEquals(4400, client.closeCode());
        }
    }

    @Test
    void garbageBeforeHelloGetsBadFrameAndClose4400() {
        try (RawClient client = RawClient.connect()) {
            client.send("not json");
            assertEquals("bad-frame", client.expect("error").getString("code"));
            assertEquals(4400, client.closeCode());
        }
    }

    @Test
    void aHelloWithAnInvalidUidIsAProtocolError() {
        try (RawClient client = RawClient.connect()) {
            client.send("{\"type\":\"hello\",\"uid\":\"has space\"}");
            assertEquals("bad-frame", client.expect("error").getString("code"));
            assertEquals(4400, client.closeCode());
        }
    }

    @Test
    void aSecondHelloIsAnErrorAndTheSessionGoesOn() {
        try (RawClient client = RawClient.hello(Names.uid("twice"))) {
            client.send("{\"type\":\"hello\",\"id\":\"again\"}");
            JsonObject error = client.expect("error");
            assertEquals("bad-frame", error.getString("code"));
            assertEquals("again", error.getString("id"));
            client.send("{\"type\":\"ping\",\"id\":\"still\"}");
            assertEquals("still", client.expect("pong").getString("id"));
        }
    }
}
