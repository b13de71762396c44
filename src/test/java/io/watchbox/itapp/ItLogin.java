package io.watchbox.itapp;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The host application's own login, as far as Watchbox can tell: a Jakarta Security mechanism
 * that tells the container who the caller is. Here it trusts two test headers, {@code X-It-User}
 * and {@code X-It-Roles}, standing in for a real login form and its session; a request without
 * them stays unauthenticated.
 */
@ApplicationScoped
@DeclareRoles({"watchbox-admin", "watchbox-publisher", "staff"})
public class ItLogin implements HttpAuthenticationMechanism {

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String user = request.getHeader("X-It-User");
        if (user == null) {
            return context.doNothing();
        }
        String roles = request.getHeader("X-It-Roles");
        Set<String> groups = roles == null ? Set.of()
                : Arrays.stream(roles.split(",")).map(String::strip).filter(r -> !r.isEmpty()).collect(Collectors.toSet());
        return context.notifyContainerAboutLogin(user, groups);
    }
}
