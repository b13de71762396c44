package io.watchbox.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FrameCacheTest {

    @Test
    void eachKindIsMadeOnceAndShared() {
        FrameCache cache = new FrameCache();
        AtomicInteger made = new AtomicInteger();

        String first = cache.get(3, () -> "frame " + made.incrementAndGet());
        String again = cache.get(3, () -> "frame " + made.incrementAndGet());
        String other = cache.get(4, () -> "other " + made.incrementAndGet());

        assertSame(first, again);
        assertEquals("other 2", other);
        assertEquals(2, made.get());
    }

    @Test
    void messagesCompareByWhatTheyCarryNotByTheirCaches() {
        EncodedMessage message = new EncodedMessage("{\"msg\":\"hi\"}");
        message.frames().get(0, () -> "made");

        assertEquals(new EncodedMessage("{\"msg\":\"hi\"}"), message);
    }
}
