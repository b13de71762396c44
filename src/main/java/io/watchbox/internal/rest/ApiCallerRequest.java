package io.watchbox.internal.rest;

import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.access.Roles;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * A REST request as the API sees it when the container authenticated nobody: either the user a
 * bearer token proves, with the token's roles, or an anonymous caller, who has both REST roles
 * when {@code watchbox.anonymous} admits the address it comes from (on loopback by default). The
 * JAX-RS runtime reads the caller from here, for {@link ApiRolesFilter}.
 */
final class ApiCallerRequest extends HttpServletRequestWrapper {

    private final WatchboxIdentity identity;
    private final boolean admittedAnonymous;

    private ApiCallerRequest(HttpServletRequest request, WatchboxIdentity identity, boolean admittedAnonymous) {
        super(request);
        this.identity = identity;
        this.admittedAnonymous = admittedAnonymous;
    }

    /** A caller a bearer token identified. */
    static ApiCallerRequest of(HttpServletRequest request, WatchboxIdentity identity) {
        return new ApiCallerRequest(request, identity, false);
    }

    /** A caller without credentials; {@code admitted} when the anonymous policy admits its address. */
    static ApiCallerRequest anonymous(HttpServletRequest request, boolean admitted) {
        return new ApiCallerRequest(request, null, admitted);
    }

    @Override
    public Principal getUserPrincipal() {
        return identity == null ? null : identity::user;
    }

    @Override
    public String getRemoteUser() {
        return identity == null ? null : identity.user();
    }

    @Override
    public String getAuthType() {
        return identity == null ? null : "BEARER";
    }

    @Override
    public boolean isUserInRole(String role) {
        return identity == null ? admittedAnonymous && Roles.OF_ADMITTED_ANONYMOUS.contains(role)
                : identity.roles().contains(role);
    }
}
