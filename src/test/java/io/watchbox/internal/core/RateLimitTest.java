package io.watchbox.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.Settings;
import io.watchbox.internal.MutableClock;
import io.watchbox.internal.config.ValidSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private final MutableClock clock = new MutableClock();
    private final Broker broker = new Broker(ValidSettings.builder().logginglevel(3).timeout(10).listlimit(50).maxmessage(65536).ratelimit(5).maxclients(10_000).maxsubscriptions(100).build(), clock, new RecordingEvents());

    @Test
    void publishesBeyondTheRateGetRateLimitedAndTheSessionGoesOn() {
        Client client = new Client(broker);
        client.hello("eager");
        for (int i = 0; i < 7; i++) {
            client.publish("g", "m" + i);
        }
        assertEquals(5, client.connection.frames("ok").size(), "a burst of one second's worth");
        assertEquals(2, client.connection.frames("error").stream()
                .filter(e -> e.getString("code").equals("rate-limited")).count());

        clock.advance(Duration.ofMillis(400));
        client.publish("g", "refilled");
        client.publish("g", "refilled");
        client.publish("g", "over again");
        assertEquals(7, client.connection.frames("ok").size(), "two publishes earned back in 400 ms at 5/s");
        assertEquals(3, client.connection.frames("error").size());

        client.send("{'type':'ping','id':'still'}");
        assertEquals("still", client.lastFrame().getString("id"));
    }

    @Test
    void withoutALimitNothingIsRateLimited() {
        Broker unlimited = new Broker(Settings.DEFAULTS, clock, new RecordingEvents());
        Client client = new Client(unlimited);
        client.hello("free");
        for (int i = 0; i < 1000; i++) {
            client.publish("g", "m");
        }
        assertEquals(1000, client.connection.frames("ok").size());
    }
}
