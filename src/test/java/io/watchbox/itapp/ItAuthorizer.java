package io.watchbox.itapp;

import io.watchbox.WatchboxAuthorizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** The deployment's authorizer: refuses handshakes with token=forbidden, and groups under it/secret/. */
@ApplicationScoped
public class ItAuthorizer implements WatchboxAuthorizer {

    @Override
    public boolean mayConnect(String uid, Map<String, List<String>> parameters) {
        return !parameters.getOrDefault("token", List.of()).contains("forbidden");
    }

    @Override
    public boolean maySubscribe(String uid, String pattern) {
        return !pattern.startsWith("it/secret/");
    }

    @Override
    public boolean mayPublish(String uid, String group) {
        return !group.startsWith("it/secret/");
    }
}
