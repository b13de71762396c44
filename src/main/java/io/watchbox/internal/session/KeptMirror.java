package io.watchbox.internal.session;

import io.watchbox.internal.protocol.EncodedMessage;

/**
 * Where a session's kept messages are copied as they are queued, so that another replica can adopt
 * the session if this one crashes (cluster mode, {@code watchbox.cluster.mirror}). A session sends
 * a message to its client only once the copy is written ({@link Session#mirrored}): what a client
 * has seen is then always in the copy, and an adopter numbers on from there without a duplicate.
 */
@FunctionalInterface
public interface KeptMirror {

    /** No copy: a session sends what it queues at once. */
    KeptMirror NONE = (session, seq, message, origin, number) -> {
        throw new IllegalStateException("a session without a mirror has nothing to copy");
    };

    /**
     * The session queued the message as {@code seq}. Called under the session's lock, so in seq order
     * per session: it must not block, and must call {@link Session#mirrored} once the copy is written,
     * or once it is given up (Redis out of reach), so that the session's sends never stall.
     *
     * @param origin the replica that numbered the message ({@code number}), or null for one that was not relayed
     */
    void kept(Session session, long seq, EncodedMessage message, String origin, long number);
}
