package io.watchbox.internal.observe;

import io.watchbox.Stats;
import io.watchbox.internal.container.BrokerHost;
import io.watchbox.internal.core.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: UP while Watchbox takes new clients: its endpoint is registered, the
 * application is not stopping, and open sockets and sessions are below {@code watchbox.maxclients}.
 * A full server is not ready, so a load balancer that reads readiness sends new clients elsewhere.
 * In cluster mode a replica that has lost Redis still serves its clients, but what they publish
 * reaches this replica's subscribers only: it stays ready, saying {@code cluster: disconnected} in
 * the data, unless {@code watchbox.cluster.readywithoutredis=false} makes it unready with a reason.
 */
@Readiness
@ApplicationScoped
public class WatchboxReadiness implements HealthCheck {

    static final String NAME = "watchbox-ready";

    @Inject
    BrokerHost host;

    @Override
    public HealthCheckResponse call() {
        Broker broker = host.broker();
        String notReady = broker.notReadyBecause();
        Stats stats = broker.stats();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(notReady == null)
                .withData("sockets", stats.sockets())
                .withData("sessions", stats.sessions())
                .withData("maxclients", broker.settings().maxclients())
                .withData("cluster", broker.relay().state().name().toLowerCase(Locale.ROOT));
        if (notReady != null) {
            response.withData("reason", notReady);
        }
        return response.build();
    }
}
