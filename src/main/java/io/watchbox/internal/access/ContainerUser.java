package io.watchbox.internal.access;

import io.watchbox.WatchboxIdentity;
import java.security.Principal;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The user the container authenticated (the application's own login, or its MicroProfile JWT
 * support) as a Watchbox identity. The Servlet and WebSocket APIs answer only "is the user in this
 * role?", so the roles are those of the given candidates the container confirms. The container's
 * login has no expiry that Watchbox could see: it lasts as long as the connection.
 */
public final class ContainerUser {

    private ContainerUser() {
    }

    /** The identity of the container's user, or null when the container authenticated nobody. */
    public static WatchboxIdentity of(Principal principal, Predicate<String> isUserInRole, Set<String> candidateRoles) {
        if (principal == null || principal.getName() == null) {
            return null;
        }
        Set<String> roles = candidateRoles.stream().filter(isUserInRole).collect(Collectors.toUnmodifiableSet());
        return new WatchboxIdentity(principal.getName(), roles, null);
    }
}
