package io.watchbox.example;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The example's user list, {@code example.users}: {@code name:password:role,role;...}. It stands in
 * for whatever login an application really has (a database, LDAP, an identity provider).
 */
@ApplicationScoped
public class DemoUsers {

    /** A user the example knows. */
    public record User(String name, Set<String> roles) {
    }

    private final Map<String, String[]> users = new LinkedHashMap<>();

    DemoUsers() {
        // for CDI
    }

    @Inject
    DemoUsers(@ConfigProperty(name = "example.users", defaultValue = "") String configured) {
        for (String entry : configured.split(";")) {
            String[] fields = entry.strip().split(":", 3);
            if (fields.length >= 2 && !fields[0].isBlank()) {
                users.put(fields[0], fields);
            }
        }
    }

    /** The user, if the password is theirs. */
    public Optional<User> check(String name, String password) {
        String[] fields = name == null ? null : users.get(name);
        if (fields == null || password == null || !MessageDigest.isEqual(bytes(fields[1]), bytes(password))) {
            return Optional.empty();
        }
        Set<String> roles = fields.length < 3 ? Set.of() : Arrays.stream(fields[2].split(","))
                .map(String::strip).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return Optional.of(new User(name, roles));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
