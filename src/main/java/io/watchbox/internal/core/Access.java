package io.watchbox.internal.core;

import io.watchbox.WatchboxAuthenticator;
import io.watchbox.WatchboxAuthorizer;
import io.watchbox.internal.access.AnonymousPolicy;

/**
 * Who may do what, as the broker asks it.
 *
 * @param authorizer    decides connects, subscriptions and publishes
 * @param authenticator checks the token of a hello, or null when the server accepts no tokens
 * @param anonymous     where clients without identity may connect from
 */
public record Access(WatchboxAuthorizer authorizer, WatchboxAuthenticator authenticator, AnonymousPolicy anonymous) {

    /** Everything allowed, no tokens, anonymous clients from loopback: for tests and tools. */
    public static Access open(WatchboxAuthorizer authorizer) {
        return new Access(authorizer, null, AnonymousPolicy.LOCAL);
    }
}
