package io.watchbox;

/**
 * A retained publish ({@link Watchbox#publishRetained}) refused because the retained messages are at
 * {@code watchbox.retained.maxcount} groups or would exceed {@code watchbox.retained.maxbytes}.
 * Nothing was published, and the retained messages kept are as they were.
 */
public final class RetainedLimitException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param reason which limit, with its value */
    public RetainedLimitException(String reason) {
        super(reason);
    }
}
