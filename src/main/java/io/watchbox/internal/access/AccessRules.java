package io.watchbox.internal.access;

import java.util.Set;

/**
 * What is checked before a request reaches Watchbox, and what is asked of the container about its user.
 *
 * @param origins   which browser origins may use Watchbox
 * @param anonymous where clients without identity may connect from
 * @param roles     the roles to ask the container about when it authenticated the user itself
 *                  (the REST roles and those the ACL names): the Servlet and WebSocket APIs can
 *                  only answer whether a user has a given role, not list them
 */
public record AccessRules(OriginPolicy origins, AnonymousPolicy anonymous, Set<String> roles) {

    public AccessRules {
        roles = Set.copyOf(roles);
    }
}
