package io.watchbox.internal.core;

import io.watchbox.internal.core.relay.MessageId;
import io.watchbox.internal.core.relay.SessionMirror;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.session.KeptMirror;
import io.watchbox.internal.session.Session;

/** A session's side of the mirror: each message it queues goes to the {@link SessionMirror}, and may be sent once written. */
final class MirrorCopies implements KeptMirror {

    private final SessionMirror mirror;

    MirrorCopies(SessionMirror mirror) {
        this.mirror = mirror;
    }

    @Override
    public void kept(Session session, long seq, EncodedMessage message, String origin, long number) {
        mirror.kept(session.uid(), seq, message, origin == null ? null : new MessageId(origin, number),
                () -> session.mirrored(seq));
    }
}
