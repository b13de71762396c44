package io.watchbox.internal.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

@ApplicationScoped
public class ClockProducer {

    @Produces
    @WatchboxClock
    Clock clock() {
        return SteadyClock.system();
    }
}
