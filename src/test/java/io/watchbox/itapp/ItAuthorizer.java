package io.watchbox.itapp;

import io.watchbox.GroupFilter;
import io.watchbox.WatchboxAuthorizer;
import io.watchbox.WatchboxIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * The deployment's authorizer: refuses handshakes with token=forbidden, and every filter that can
 * match a group under it/secret/ (an overlap check: a prefix check would let it/# through).
 */
@ApplicationScoped
public class ItAuthorizer implements WatchboxAuthorizer {

    private static final String SECRET = "it/secret/#";

    @Override
    public boolean mayConnect(String uid, WatchboxIdentity identity, Map<String, List<String>> parameters) {
        return !parameters.getOrDefault("token", List.of()).contains("forbidden");
    }

    @Override
    public boolean maySubscribe(String uid, WatchboxIdentity identity, String pattern) {
        return !GroupFilter.overlaps(pattern, SECRET);
    }

    @Override
    public boolean mayPublish(String uid, WatchboxIdentity identity, String group) {
        return !GroupFilter.matches(SECRET, group);
    }
}
