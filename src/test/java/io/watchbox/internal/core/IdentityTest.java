package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.Settings;
import io.watchbox.WatchboxAuthenticationException;
import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxAuthenticator;
import io.watchbox.WatchboxAuthorizer;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.access.AnonymousPolicy;
import io.watchbox.internal.config.ValidSettings;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who a client is: the token of its hello, ownership of its session, the anonymous rule, expiry. */
class IdentityTest {

    private static final Handshake FROM_ELSEWHERE = new Handshake(Map.of(), null, "192.0.2.7");

    private final MutableClock clock = new MutableClock();
    private final RecordingEvents events = new RecordingEvents();
    /** Accepts "token-USER" for USER, with role "staff", valid for a minute from now. */
    private final WatchboxAuthenticator authenticator = (token, handshake) -> {
        if (!token.startsWith("token-")) {
            throw new WatchboxAuthenticationException("unknown token");
        }
        return new WatchboxIdentity(token.substring(6), Set.of("staff"), clock.instant().plus(Duration.ofMinutes(1)));
    };
    // A long session timeout, so that only the token's expiry can end the connection in a minute.
    private final Broker broker = new Broker(ValidSettings.DEFAULTS.withTimeout(600), clock, events,
            new Access(WatchboxAuthorizer.ALLOW_ALL, authenticator, AnonymousPolicy.LOCAL));

    @Test
    void aTokenTheAuthenticatorAcceptsNamesTheUserInTheWelcomeAndTheEvents() {
        Client alice = connect(Broker.LOOPBACK);

        JsonObject welcome = hello(alice, "{'type':'hello','uid':'a1','token':'token-alice'}");
        alice.send("{'type':'pub','group':'g','msg':'hi'}");

        assertEquals("alice", welcome.getString("user"));
        assertEquals("alice", events.published().get(0).user());
    }

    @Test
    void aRefusedTokenGetsForbiddenAnd4403AndNoSession() {
        Client client = connect(Broker.LOOPBACK);

        client.send("{'type':'hello','id':'h','token':'stolen'}");

        assertEquals("forbidden", client.lastFrame().getString("code"));
        assertEquals("unknown token", client.lastFrame().getString("reason"));
        assertEquals(List.of(4403), client.closeCodes());
        assertTrue(broker.sessions().isEmpty());
    }

    @Test
    void theSameUserResumesItsSessionWithoutTheKeyAndNobodyElseDoes() {
        Client first = connect(Broker.LOOPBACK);
        hello(first, "{'type':'hello','uid':'phone','token':'token-alice'}");
        first.drop();

        Client mallory = connect(Broker.LOOPBACK);
        mallory.send("{'type':'hello','uid':'phone','token':'token-mallory'}");
        Client again = connect(Broker.LOOPBACK);
        JsonObject welcome = hello(again, "{'type':'hello','uid':'phone','since':0,'token':'token-alice'}");

        assertEquals(List.of(4403), mallory.closeCodes());
        assertTrue(welcome.getBoolean("resumed"));
    }

    @Test
    void anAnonymousClientFromElsewhereIsRefusedButOneWithATokenIsWelcome() {
        Client anonymous = connect(FROM_ELSEWHERE);
        anonymous.send("{'type':'hello'}");
        Client known = connect(FROM_ELSEWHERE);

        JsonObject welcome = hello(known, "{'type':'hello','token':'token-bob'}");

        assertEquals(List.of(4403), anonymous.closeCodes());
        assertEquals("bob", welcome.getString("user"));
    }

    @Test
    void aConnectionIsClosedWith4403WhenItsTokenExpires() {
        Client alice = connect(Broker.LOOPBACK);
        hello(alice, "{'type':'hello','uid':'a1','token':'token-alice'}");

        clock.advance(Duration.ofSeconds(59));
        broker.sweep();
        assertEquals(List.of(), alice.closeCodes());
        clock.advance(Duration.ofSeconds(1));
        broker.sweep();

        assertEquals("the token has expired", alice.lastFrame().getString("reason"));
        assertEquals(List.of(4403), alice.closeCodes());
    }

    @Test
    void withoutAnAuthenticatorATokenIsRefused() {
        Broker noTokens = new Broker(Settings.DEFAULTS, clock, events, Access.open(WatchboxAuthorizer.ALLOW_ALL));
        Client client = new Client(noTokens);

        client.send("{'type':'hello','token':'token-alice'}");

        assertEquals(List.of(4403), client.closeCodes());
    }

    @Test
    void theUserTheContainerAuthenticatedIsTheClientsIdentityWithoutAToken() {
        WatchboxIdentity carol = new WatchboxIdentity("carol", Set.of("staff"), null);
        Client client = new Client(broker, FROM_ELSEWHERE, carol);

        JsonObject welcome = hello(client, "{'type':'hello'}");

        assertEquals("carol", welcome.getString("user"));
    }

    @Test
    void aHelloTokenSpeaksBeforeTheContainersUser() {
        WatchboxIdentity carol = new WatchboxIdentity("carol", Set.of(), null);
        Client client = new Client(broker, Broker.LOOPBACK, carol);

        assertEquals("dave", hello(client, "{'type':'hello','token':'token-dave'}").getString("user"));
    }

    @Test
    void aBearerHeaderOnTheHandshakeIsCheckedLikeAHelloToken() {
        Client bearer = connect(new Handshake(Map.of("authorization", List.of("Bearer token-erin")), null, "192.0.2.7"));
        Client refused = connect(new Handshake(Map.of("Authorization", List.of("Bearer forged")), null, "127.0.0.1"));

        JsonObject welcome = hello(bearer, "{'type':'hello'}");
        refused.send("{'type':'hello'}");

        assertEquals("erin", welcome.getString("user"));
        assertEquals(List.of(4403), refused.closeCodes());
    }

    private Client connect(Handshake handshake) {
        return new Client(broker, handshake);
    }

    private static JsonObject hello(Client client, String frame) {
        client.send(frame);
        return client.welcome();
    }
}
