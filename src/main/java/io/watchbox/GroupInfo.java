package io.watchbox;

/**
 * A subscribed filter, as {@code GET /groups} shows it.
 *
 * @param group       the filter as clients subscribed to it, wildcards included
 * @param subscribers how many sessions are subscribed to exactly this filter
 */
public record GroupInfo(String group, int subscribers) {
}
