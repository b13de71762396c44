package io.watchbox.internal.rest;

import io.watchbox.internal.retained.RetainedMessage;
import io.watchbox.internal.retained.RetainedMessages;
import java.util.List;

/**
 * One page of {@code GET /retained}: the retained messages whose group sorts after a cursor, at
 * most a limit of them, and the cursor of the next page when more follow.
 *
 * @param messages  the page, sorted by group
 * @param nextAfter the group to ask for the next page after, or null when this page is the last
 */
record RetainedPage(List<RetainedMessage> messages, String nextAfter) {

    /**
     * @param after the cursor: only groups that sort after it; null for the first page
     * @param limit at most this many (positive)
     */
    static RetainedPage of(RetainedMessages store, String after, int limit) {
        // One more than asked says whether a next page follows.
        List<RetainedMessage> found = store.page(after, limit == Integer.MAX_VALUE ? limit : limit + 1);
        if (found.size() <= limit) {
            return new RetainedPage(found, null);
        }
        List<RetainedMessage> page = found.subList(0, limit);
        return new RetainedPage(List.copyOf(page), page.get(limit - 1).group());
    }
}
