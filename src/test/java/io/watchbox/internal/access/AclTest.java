package io.watchbox.internal.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.GroupFilter;
import io.watchbox.InvalidSettingException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AclTest {

    @Test
    void noRulesIsNoAcl() {
        assertEquals(Optional.empty(), Acl.fromConfig(List.of("watchbox.timeout", "other.key"), k -> "x"));
    }

    /** The leak of a prefix check: it/# starts with neither it/secret/ nor anything refused, yet matches it/secret/x. */
    @Test
    void aSubscriptionIsAllowedOnlyWhenEveryGroupItCanMatchIsAllowed() {
        Acl acl = acl(Map.of("watchbox.acl.anonymous.subscribe", "it/public/#, news/+"));

        assertTrue(acl.maySubscribe("u", null, "it/public/x"));
        assertTrue(acl.maySubscribe("u", null, "it/public/#"));
        assertTrue(acl.maySubscribe("u", null, "news/today"));
        assertFalse(acl.maySubscribe("u", null, "it/#"), "it/# matches it/secret/x too");
        assertFalse(acl.maySubscribe("u", null, "#"));
        assertFalse(acl.maySubscribe("u", null, "news/#"), "news/# matches news/a/b, which news/+ does not");
        assertFalse(acl.maySubscribe("u", null, "+/public/x"));
    }

    @Test
    void aPublishIsAllowedWhenItsGroupIs() {
        Acl acl = acl(Map.of("watchbox.acl.anonymous.publish", "chat/+"));

        assertTrue(acl.mayPublish("u", null, "chat/room"));
        assertFalse(acl.mayPublish("u", null, "chat/room/deeper"));
        assertFalse(acl.mayPublish("u", null, "alerts"));
        assertFalse(acl.maySubscribe("u", null, "chat/room"), "no subscribe rule for anonymous: nothing to subscribe to");
    }

    @Test
    void userIsFilledInAndANameThatWouldWidenTheFilterMatchesNothing() {
        Map<String, List<String>> rules = Map.of(Acl.AUTHENTICATED, List.of("users/{user}/#"), "admin", List.of("#"));

        assertEquals(List.of("users/alice/#"), Acl.allowed(rules, "alice", Set.of()));
        assertTrue(GroupFilter.coveredBy(Acl.allowed(rules, "alice", Set.of()), "users/alice/inbox"));
        assertFalse(GroupFilter.coveredBy(Acl.allowed(rules, "alice", Set.of()), "users/bob/inbox"));
        assertEquals(List.of(), Acl.allowed(rules, "a/b", Set.of()));
        assertEquals(List.of(), Acl.allowed(rules, "#", Set.of()));
        assertEquals(List.of("users/root/#", "#"), Acl.allowed(rules, "root", Set.of("admin")));
        assertEquals(List.of(), Acl.allowed(rules, null, Set.of()), "anonymous has no rule here");
    }

    @Test
    void aBadFilterStopsTheDeploymentNamingTheKey() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> acl(Map.of("watchbox.acl.anonymous.subscribe", "ok/#, a/#/b")));

        assertTrue(e.getMessage().contains("watchbox.acl.anonymous.subscribe="), e::getMessage);
        assertThrows(InvalidSettingException.class, () -> acl(Map.of("watchbox.acl.anonymous.read", "a")));
    }

    @Test
    void theRolesItNamesAreEveryWhoButAnonymousAndAuthenticated() {
        Acl acl = acl(Map.of("watchbox.acl.anonymous.subscribe", "public/#", "watchbox.acl.authenticated.publish", "chat/#",
                "watchbox.acl.sensors.publish", "sensors/#", "watchbox.acl.ops.subscribe", "#"));

        assertEquals(Set.of("sensors", "ops"), acl.roles());
    }

    private static Acl acl(Map<String, String> config) {
        return Acl.fromConfig(config.keySet(), config::get).orElseThrow();
    }
}
