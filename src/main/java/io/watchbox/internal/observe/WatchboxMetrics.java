package io.watchbox.internal.observe;

import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.container.BrokerHost;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts the broker's metrics in the application's MicroProfile Metrics registry when the server
 * has one (see {@link BrokerMetrics}), from start to stop.
 *
 * <p>Unlike the health checks, this bean loads on every server: no field, method or supertype of
 * it names a MicroProfile Metrics type (Open Liberty inspects a bean's fields and methods, and
 * warns about each type it cannot load), and it looks for the API before it touches
 * {@link BrokerMetrics}, which does.
 */
@ApplicationScoped
public class WatchboxMetrics {

    private static final Logger ERROR_LOG = LoggingLevel.error();
    private static final String API = "org.eclipse.microprofile.metrics.MetricRegistry";

    @Inject
    Instance<Object> beans;

    @Inject
    BrokerHost host;

    private AutoCloseable metrics;

    /** Registers the metrics with the application rather than at first use. */
    void onStartup(@Observes Startup startup) {
        // Nothing more to do: being notified is the point.
    }

    @PostConstruct
    void start() {
        if (!apiPresent()) {
            ERROR_LOG.fine("no MicroProfile Metrics on this server: Watchbox's metrics are off");
            return;
        }
        try {
            metrics = BrokerMetrics.register(beans, host.broker());
            if (metrics == null) {
                ERROR_LOG.fine("no MicroProfile Metrics registry: Watchbox's metrics are off");
            }
        } catch (RuntimeException e) {
            // Metrics are worth a warning, not the application.
            ERROR_LOG.log(Level.WARNING, "Watchbox's metrics are off: " + e, e);
        }
    }

    /** Whether the broker's metrics are registered. */
    public boolean isOn() {
        return metrics != null;
    }

    @PreDestroy
    void stop() {
        if (metrics != null) {
            try {
                metrics.close();
            } catch (Exception e) {
                ERROR_LOG.log(Level.FINE, "removing Watchbox's metrics failed", e);
            }
        }
    }

    private static boolean apiPresent() {
        try {
            Class.forName(API, false, WatchboxMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
