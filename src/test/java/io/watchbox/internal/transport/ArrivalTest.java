package io.watchbox.internal.transport;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.watchbox.WatchboxAuthenticator.Handshake;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArrivalTest {

    private final Arrival arrival = new Arrival(new Handshake(Map.of("Origin", List.of("http://a.example")),
            "http://a.example", "127.0.0.1"), null);

    @Test
    void theEndpointTakesTheArrivalOnceAndTheSlotKeepsNothing() {
        Object slot = arrival.slot();

        assertSame(arrival, Arrival.takeFrom(slot));
        assertNull(Arrival.takeFrom(slot), "a connection's user properties must not keep the request headers");
    }

    @Test
    void aContainerThatPassedNothingOnGivesNoArrival() {
        assertNull(Arrival.takeFrom(null));
        assertNull(Arrival.takeFrom("not a slot"));
    }
}
