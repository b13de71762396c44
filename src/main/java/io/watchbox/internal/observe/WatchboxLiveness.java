package io.watchbox.internal.observe;

import io.watchbox.internal.container.BrokerHost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /health/live}: UP while the broker's sweeps keep coming (every 250 ms on the container's
 * scheduler). They end timed-out sessions and sockets that never said hello; without them the
 * broker keeps every session forever, which only a restart cures. DOWN after 30 s without one:
 * over a hundred missed sweeps, which a busy server does not cause.
 */
@Liveness
@ApplicationScoped
public class WatchboxLiveness implements HealthCheck {

    static final String NAME = "watchbox-live";
    static final Duration STALLED = Duration.ofSeconds(30);

    @Inject
    BrokerHost host;

    @Override
    public HealthCheckResponse call() {
        Duration sinceLastSweep = host.broker().sinceLastSweep();
        return HealthCheckResponse.named(NAME).status(sinceLastSweep.compareTo(STALLED) < 0)
                .withData("lastSweepMillisAgo", sinceLastSweep.toMillis())
                .build();
    }
}
