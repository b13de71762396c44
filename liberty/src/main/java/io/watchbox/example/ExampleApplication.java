package io.watchbox.example;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The bundled example's routes, at {@code /example}. Not part of the embeddable jar. */
@ApplicationPath("/example")
public class ExampleApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(JoinResource.class, LoginResource.class);
    }
}
