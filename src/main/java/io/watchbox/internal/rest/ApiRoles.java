package io.watchbox.internal.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call a Watchbox resource, any one of them; enforced by {@link ApiRolesFilter}.
 *
 * <p>Not {@code jakarta.annotation.security.RolesAllowed}: containers that enforce that annotation
 * themselves do it with their own notion of the caller (Payara's MicroProfile JWT filter asks
 * Jakarta Security's caller and answers 401 before Watchbox is asked), which knows neither an
 * anonymous caller that {@code watchbox.anonymous} admits nor a token Watchbox verified. The
 * container's login still counts: its user and roles reach the filter through the request.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ApiRoles {
    String[] value();
}
