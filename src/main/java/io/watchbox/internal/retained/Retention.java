package io.watchbox.internal.retained;

/** What became of a retained publish in the store. */
public enum Retention {
    /** The group's retained message is now this one. */
    KEPT,
    /** The message was empty: the group has no retained message now (whether it had one or not). */
    CLEARED,
    /** Refused: a new group would exceed {@code watchbox.retained.maxcount}; nothing changed. */
    TOO_MANY,
    /** Refused: the message would take the store over {@code watchbox.retained.maxbytes}; nothing changed. */
    TOO_LARGE,
    /** Refused: the store is out of reach (cluster mode: Redis does not answer); nothing changed. */
    UNAVAILABLE;

    /** Whether the store refused the message (and left what it holds as it was). */
    public boolean refused() {
        return this != KEPT && this != CLEARED;
    }

    /** Why a refused message was refused, in words for an error frame or a REST answer. */
    public String reason(RetainedLimits limits) {
        return switch (this) {
            case TOO_MANY -> "the server keeps at most " + limits.maxCount()
                    + " retained messages (watchbox.retained.maxcount); clear one first";
            case TOO_LARGE -> "the retained messages would exceed " + limits.maxBytes()
                    + " bytes (watchbox.retained.maxbytes); clear some first";
            case UNAVAILABLE -> "the retained messages are out of reach (Redis does not answer); try again";
            default -> throw new IllegalStateException(this + " is no refusal");
        };
    }
}
