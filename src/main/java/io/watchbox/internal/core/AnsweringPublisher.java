package io.watchbox.internal.core;

import io.watchbox.internal.protocol.Payload;
import io.watchbox.internal.routing.BadGroupException;

/**
 * The server's publish whose answer says what became of the message, for the REST resource: the
 * bean's {@code publish} returns only the sessions it was queued for.
 */
@FunctionalInterface
public interface AnsweringPublisher {

    /** See {@link Broker#publishAnswering}. */
    PublishOutcome publish(String group, Payload payload, boolean retain) throws BadGroupException, RetainedFullException;
}
