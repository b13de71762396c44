package io.watchbox.internal.access;

/**
 * What {@link AccessFilter} checks before a request reaches Watchbox.
 *
 * @param origins   which browser origins may use Watchbox
 * @param anonymous where clients without identity may connect from
 */
public record AccessRules(OriginPolicy origins, AnonymousPolicy anonymous) {
}
