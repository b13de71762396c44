package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Taking a session by its client id, with real clients (Paho 3.1.1 and 5.0). MQTT has no resume key,
 * and a client id is public, so an anonymous session ends with its connection and is never handed to
 * another connection; an authenticated user's session is handed to that user only.
 */
class MqttIdentityIT {

    /** The two MQTT versions, with the CONNACK codes Paho reports for the two refusals. */
    enum Version {
        V3_1_1(2, 5), V5(0x85, 0x87);

        /** 3.1.1 return code 2 (identifier rejected), 5.0 Client Identifier not valid. */
        final int idInUse;
        /** 3.1.1 return code 5, 5.0 Not authorized. */
        final int notAuthorized;

        Version(int idInUse, int notAuthorized) {
            this.idInUse = idInUse;
            this.notAuthorized = notAuthorized;
        }
    }

    @ParameterizedTest(name = "victim {0}, attacker {1}")
    @CsvSource({"V3_1_1, V3_1_1", "V5, V5", "V3_1_1, V5", "V5, V3_1_1"})
    void aConnectedAnonymousSessionIsNotTakenByAnotherClientWithItsId(Version victimVersion, Version attackerVersion)
            throws Exception {
        String uid = Names.uid("victim");
        String group = Names.group("victim");
        try (AutoCloseable victim = connect(victimVersion, uid, null, false)) {
            MqttIT.PahoClient victimClient = (MqttIT.PahoClient) victim;
            victimClient.subscribe(group, 1);
            Server.publish(group, "before");
            assertEquals("before", victimClient.next().text());

            // The attacker asks to continue the session, which is what it is after.
            assertEquals(attackerVersion.idInUse, refusal(attackerVersion, uid, null, true));

            assertStillConnected(victim);
            assertNotNull(Server.client(uid), "the victim's session goes on");
            assertEquals(1, Server.publish(group, "after"), "one subscriber: the victim");
            assertEquals("after", victimClient.next().text());
        } finally {
            Server.delete("/clients/" + uid);
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void anAnonymousSessionEndsWithItsConnectionSoNoOneGetsItAfterwards(Version version) throws Exception {
        String uid = Names.uid("gone");
        String group = Names.group("gone");
        String marker = Names.group("marker");
        // The victim asks for a session that outlives its connection; anonymous, it does not get one.
        try (AutoCloseable victim = connect(version, uid, null, true)) {
            assertEquals(false, sessionPresent(victim));
            ((MqttIT.PahoClient) victim).subscribe(group, 1);
            drop(victim);
        }
        await().atMost(RawClient.WAIT).until(() -> Server.client(uid) == null);
        assertEquals(0, Server.publish(group, "for the victim"), "no session holds the victim's subscription");

        try (AutoCloseable attacker = connect(version, uid, null, true)) {
            MqttIT.PahoClient attackerClient = (MqttIT.PahoClient) attacker;
            assertEquals(false, sessionPresent(attacker), "nothing of the victim's session is left to take");
            attackerClient.subscribe(marker, 1);
            assertEquals(0, Server.publish(group, "also for the victim"), "the attacker has none of its subscriptions");
            Server.publish(marker, "marker");
            assertEquals("marker", attackerClient.next().text(), "nothing of the victim's came before the marker");
        } finally {
            Server.delete("/clients/" + uid);
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aUsersSessionIsRefusedToOthersAndResumedByTheUser(Version version) throws Exception {
        String uid = Names.uid("owned");
        String group = Names.group("owned");
        try {
            try (AutoCloseable alice = connect(version, uid, "alice", true)) {
                MqttIT.PahoClient aliceClient = (MqttIT.PahoClient) alice;
                aliceClient.subscribe(group, 1);

                assertEquals(version.notAuthorized, refusal(version, uid, "bob", true), "another user, while connected");
                assertEquals(version.notAuthorized, refusal(version, uid, null, true), "an anonymous client, while connected");
                assertStillConnected(alice);
                assertEquals(1, Server.publish(group, "connected"));
                assertEquals("connected", aliceClient.next().text());
                drop(alice);
            }
            assertNotNull(Server.client(uid), "alice's session waits for her");

            assertEquals(version.notAuthorized, refusal(version, uid, "bob", true), "another user, while away");
            assertEquals(version.notAuthorized, refusal(version, uid, null, true), "an anonymous client, while away");
            assertEquals(version.notAuthorized, refusal(version, uid, null, false), "an anonymous clean start");
            Server.publish(group, "while away");

            try (AutoCloseable again = connect(version, uid, "alice", true)) {
                assertEquals(true, sessionPresent(again));
                MqttIT.PahoClient resumed = (MqttIT.PahoClient) again;
                String first = resumed.next().text();
                if (first.equals("connected")) {
                    // QoS 1 is at least once: the drop may have cut off its PUBACK, so it comes again first.
                    first = resumed.next().text();
                }
                assertEquals("while away", first);
            }
        } finally {
            Server.delete("/clients/" + uid);
        }
    }

    /**
     * A Paho client of this version, connected with this client id as this user (null: anonymous);
     * persistent asks for a session that outlives the connection (3.1.1 clean session 0, 5.0 clean
     * start 0 with a Session Expiry Interval of 300 s).
     */
    private static AutoCloseable connect(Version version, String uid, String user, boolean persistent) throws Exception {
        if (version == Version.V3_1_1) {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(!persistent);
            if (user != null) {
                options.setUserName(user);
                options.setPassword(IdentityIT.token(user).toCharArray());
            }
            return MqttIT.V3.connect(uid, options);
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(!persistent);
        if (persistent) {
            options.setSessionExpiryInterval(300L);
        }
        if (user != null) {
            options.setUserName(user);
            options.setPassword(IdentityIT.token(user).getBytes(StandardCharsets.UTF_8));
        }
        return MqttIT.V5.connect(uid, options);
    }

    /** The CONNACK code that refuses this connection, as Paho reports it; fails if it is accepted. */
    private static int refusal(Version version, String uid, String user, boolean persistent) throws Exception {
        try (AutoCloseable accepted = connect(version, uid, user, persistent)) {
            fail("connected with " + uid + " as " + (user == null ? "an anonymous client" : user));
            return 0;
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            return e.getReasonCode();
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            return e.getReasonCode();
        }
    }

    private static boolean sessionPresent(AutoCloseable client) {
        return client instanceof MqttIT.V3 v3 ? v3.sessionPresent() : ((MqttIT.V5) client).sessionPresent();
    }

    private static void drop(AutoCloseable client) throws Exception {
        if (client instanceof MqttIT.V3 v3) {
            v3.drop();
        } else {
            ((MqttIT.V5) client).drop();
        }
    }

    private static void assertStillConnected(AutoCloseable client) {
        if (client instanceof MqttIT.V3 v3) {
            assertNull(v3.lost.getNow(null), "the victim's connection was lost");
        } else {
            assertFalse(((MqttIT.V5) client).disconnected.isDone(), () -> "the victim was disconnected: "
                    + ((MqttIT.V5) client).disconnected.getNow(null));
        }
    }
}
