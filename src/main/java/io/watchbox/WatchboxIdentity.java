package io.watchbox;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Who a client is: the user name, the roles, and when the credential expires. It reaches every
 * authorization decision and the {@link WatchboxMessage} event; a connection whose credential
 * expires is closed with 4403 at that moment.
 *
 * @param user    the user name, never null
 * @param roles   the roles (for {@code watchbox.acl.<role>.*}), never null
 * @param expires when the credential stops being valid, or null when it does not expire
 */
public record WatchboxIdentity(String user, Set<String> roles, Instant expires) {

    public WatchboxIdentity {
        Objects.requireNonNull(user, "user");
        roles = Set.copyOf(roles);
    }
}
