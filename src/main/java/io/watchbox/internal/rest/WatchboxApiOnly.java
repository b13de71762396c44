package io.watchbox.internal.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks Watchbox's resources for {@link ForwardedOnlyFilter}. A host application whose JAX-RS
 * application lists no classes gets every annotated class of the WAR scanned into it, Watchbox's
 * resources and this filter included; the binding keeps them answering only under
 * {@code watchbox.path}, and leaves the host's own resources alone.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface WatchboxApiOnly {
}
