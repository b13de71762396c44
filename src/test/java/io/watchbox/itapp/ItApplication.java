package io.watchbox.itapp;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The host application of the integration tests: its own JAX-RS application at {@code /it}, its
 * own resources and exception mapper, and beans that observe Watchbox's events. It lists no
 * classes, so the runtime scans the WAR for them, as most applications do: the scan must not pick
 * up Watchbox's resources or providers from the jar in WEB-INF/lib.
 */
@ApplicationPath("/it")
public class ItApplication extends Application {
}
