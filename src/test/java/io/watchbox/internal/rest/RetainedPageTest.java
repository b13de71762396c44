package io.watchbox.internal.rest;

import io.watchbox.internal.protocol.Payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchbox.internal.retained.LocalRetainedMessages;
import io.watchbox.internal.retained.RetainedLimits;
import io.watchbox.internal.retained.RetainedMessage;
import io.watchbox.internal.retained.RetainedMessages;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetainedPageTest {

    private final RetainedMessages store = new LocalRetainedMessages();

    RetainedPageTest() {
        for (String group : List.of("d", "b", "a", "c", "e")) {
            store.retain(new RetainedMessage(group, Payload.ofText("m"), null, 0), new RetainedLimits(10, 1000));
        }
    }

    private static List<String> groups(RetainedPage page) {
        return page.messages().stream().map(RetainedMessage::group).toList();
    }

    @Test
    void pagesWalkEveryGroupOnceInOrder() {
        RetainedPage first = RetainedPage.of(store, null, 2);
        RetainedPage second = RetainedPage.of(store, first.nextAfter(), 2);
        RetainedPage last = RetainedPage.of(store, second.nextAfter(), 2);

        assertEquals(List.of("a", "b"), groups(first));
        assertEquals(List.of("c", "d"), groups(second));
        assertEquals(List.of("e"), groups(last));
        assertNull(last.nextAfter());
    }

    @Test
    void aPageThatHoldsTheRestHasNoNext() {
        assertNull(RetainedPage.of(store, null, 5).nextAfter());
        assertNull(RetainedPage.of(store, null, Integer.MAX_VALUE).nextAfter());
        assertEquals("d", RetainedPage.of(store, null, 4).nextAfter());
    }
}
