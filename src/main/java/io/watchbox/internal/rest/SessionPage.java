package io.watchbox.internal.rest;

import io.watchbox.SessionInfo;
import java.util.List;

/**
 * One page of {@code GET /clients}: the sessions whose uid sorts after a cursor, at most a limit of
 * them, and the cursor of the next page when more follow. Cut from the whole list sorted by uid (in
 * cluster mode, the list merged from every replica), so pages neither skip nor repeat a session
 * that stays, whichever replica answers each request.
 *
 * @param sessions  the page, sorted by uid
 * @param nextAfter the uid to ask for the next page after, or null when this page is the last
 */
record SessionPage(List<SessionInfo> sessions, String nextAfter) {

    /**
     * @param sortedByUid every session, sorted by uid (String order, as the views sort them)
     * @param after       the cursor: only sessions with a greater uid; null for the first page
     * @param limit       at most this many (positive)
     */
    static SessionPage of(List<SessionInfo> sortedByUid, String after, int limit) {
        int from = after == null ? 0 : firstAfter(sortedByUid, after);
        int to = (int) Math.min((long) from + limit, sortedByUid.size());
        List<SessionInfo> page = List.copyOf(sortedByUid.subList(from, to));
        String next = to < sortedByUid.size() && !page.isEmpty() ? page.get(page.size() - 1).uid() : null;
        return new SessionPage(page, next);
    }

    /** The index of the first session whose uid is greater than {@code after}: a binary search. */
    private static int firstAfter(List<SessionInfo> sorted, String after) {
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted.get(middle).uid().compareTo(after) <= 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
