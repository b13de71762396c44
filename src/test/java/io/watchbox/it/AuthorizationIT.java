package io.watchbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** forbidden and 4403, as the authorizer deployed with the tests (io.watchbox.itapp.ItAuthorizer) decides. */
class AuthorizationIT {

    @Test
    void aConnectionTheAuthorizerRefusesGetsForbiddenAndClose4403() {
        try (RawClient client = RawClient.connect("token=forbidden")) {
            client.send("{\"type\":\"hello\",\"id\":\"h\"}");
            JsonObject error = client.expect("error");
            assertEquals("forbidden", error.getString("code"));
            assertEquals("h", error.getString("id"));
            assertEquals(4403, client.closeCode());
        }
    }

    @Test
    void aConnectionWithAnAcceptedTokenIsWelcomed() {
        try (RawClient client = RawClient.connect("token=fine")) {
            client.send("{\"type\":\"hello\"}");
            client.expect("welcome");
        }
    }

    @Test
    void refusedSubscriptionsAndPublishesGetForbiddenAndTheSessionGoesOn() {
        String group = "it/secret/" + Names.uid("plans");
        try (RawClient client = RawClient.hello(Names.uid("curious"))) {
            client.send("{\"type\":\"sub\",\"id\":\"s\",\"group\":\"" + group + "\"}");
            JsonObject sub = client.expect("error");
            assertEquals("forbidden", sub.getString("code"));
            assertEquals("s", sub.getString("id"));
            client.send("{\"type\":\"pub\",\"id\":\"p\",\"group\":\"" + group + "\",\"msg\":\"leak\"}");
            assertEquals("forbidden", client.expect("error").getString("code"));
            client.send("{\"type\":\"ping\",\"id\":\"after\"}");
            assertEquals("after", client.expect("pong").getString("id"));
        }
    }

    /** The prefix-check leak: it/# and +/secret/# do not start with it/secret/, yet match it/secret/x. */
    @Test
    void aWildcardThatReachesIntoRefusedGroupsIsForbidden() {
        try (RawClient client = RawClient.hello(Names.uid("wildcard"))) {
            for (String filter : new String[] {"it/#", "+/secret/#", "#", "it/+/x"}) {
                client.send("{\"type\":\"sub\",\"id\":\"w\",\"group\":\"" + filter + "\"}");
                assertEquals("forbidden", client.expect("error").getString("code"), filter);
            }
            client.send("{\"type\":\"sub\",\"id\":\"ok\",\"group\":\"it/public/#\"}");
            assertEquals("ok", client.expect("ok").getString("id"));
        }
    }
}
