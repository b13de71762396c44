package io.watchbox.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchbox.SessionInfo;
import io.watchbox.internal.values.SessionInfoRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SessionPageTest {

    private static final List<SessionInfo> FIVE = sessions("a", "b", "c", "d", "e");

    @Test
    void withoutALimitThePageIsEverySessionAndTheLast() {
        SessionPage page = SessionPage.of(FIVE, null, Integer.MAX_VALUE);
        assertEquals(List.of("a", "b", "c", "d", "e"), uids(page));
        assertNull(page.nextAfter());
    }

    @Test
    void aLimitCutsThePageAndNamesItsLastUidAsTheNextCursor() {
        SessionPage page = SessionPage.of(FIVE, null, 2);
        assertEquals(List.of("a", "b"), uids(page));
        assertEquals("b", page.nextAfter());
    }

    @Test
    void followingTheCursorsVisitsEverySessionOnceInOrder() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            SessionPage page = SessionPage.of(FIVE, after, 2);
            seen.addAll(uids(page));
            after = page.nextAfter();
            pages++;
        } while (after != null);
        assertEquals(List.of("a", "b", "c", "d", "e"), seen);
        assertEquals(3, pages);
    }

    @Test
    void aPageThatEndsExactlyAtTheLastSessionHasNoNext() {
        SessionPage page = SessionPage.of(FIVE, "c", 2);
        assertEquals(List.of("d", "e"), uids(page));
        assertNull(page.nextAfter());
    }

    @Test
    void theCursorNeedNotBeAUidStillThere() {
        // The session the cursor names may have ended since: the page starts at the next uid all the same.
        assertEquals(List.of("c", "d"), uids(SessionPage.of(sessions("a", "c", "d", "f"), "b", 2)));
        assertEquals(List.of(), uids(SessionPage.of(FIVE, "z", 2)));
        assertEquals(List.of("a"), uids(SessionPage.of(FIVE, "", 1)));
    }

    @Test
    void uidsCompareAsStringsLikeTheViewsSortThem() {
        List<SessionInfo> sorted = sessions("A", "Z", "_", "a", "z");
        assertEquals(List.of("_", "a"), uids(SessionPage.of(sorted, "Z", 2)));
    }

    @Test
    void aLargeLimitAfterTheCursorDoesNotOverflow() {
        assertEquals(List.of("b", "c", "d", "e"), uids(SessionPage.of(FIVE, "a", Integer.MAX_VALUE)));
    }

    @Test
    void anEmptyListIsOneEmptyPage() {
        SessionPage page = SessionPage.of(List.of(), null, 10);
        assertEquals(List.of(), page.sessions());
        assertNull(page.nextAfter());
    }

    private static List<SessionInfo> sessions(String... uids) {
        return Stream.of(uids).<SessionInfo>map(uid -> new SessionInfoRecord(uid, true, Set.of(), 0, Instant.EPOCH, 0, null, null)).toList();
    }

    private static List<String> uids(SessionPage page) {
        return page.sessions().stream().map(SessionInfo::uid).toList();
    }
}
