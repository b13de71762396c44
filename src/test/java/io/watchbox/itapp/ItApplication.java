package io.watchbox.itapp;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** Test-only routes deployed with the integration tests' WAR, at {@code /it}. */
@ApplicationPath("/it")
public class ItApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(EventsResource.class, HttpSessionsResource.class);
    }
}
