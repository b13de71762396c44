package io.watchbox.internal.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchbox.WatchboxIdentity;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerUserTest {

    @Test
    void theRolesAreTheCandidatesTheContainerConfirms() {
        WatchboxIdentity user = ContainerUser.of(() -> "carol", Set.of("watchbox-admin", "staff")::contains,
                Set.of("watchbox-admin", "watchbox-publisher", "sensors"));

        assertEquals("carol", user.user());
        assertEquals(Set.of("watchbox-admin"), user.roles());
        assertNull(user.expires(), "the container's login lasts as long as the connection");
    }

    @Test
    void noPrincipalIsNoUser() {
        assertNull(ContainerUser.of(null, role -> true, Set.of("watchbox-admin")));
    }
}
