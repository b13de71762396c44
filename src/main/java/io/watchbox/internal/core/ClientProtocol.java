package io.watchbox.internal.core;

import io.watchbox.EndReason;
import io.watchbox.WatchboxAuthenticationException;
import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.WatchboxIdentity;
import io.watchbox.internal.access.LogText;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.protocol.ClientFrame;
import io.watchbox.internal.protocol.CloseCodes;
import io.watchbox.internal.protocol.EncodedMessage;
import io.watchbox.internal.protocol.ErrorCode;
import io.watchbox.internal.protocol.FrameDecoder;
import io.watchbox.internal.protocol.FrameEncoder;
import io.watchbox.internal.protocol.MessageProperties;
import io.watchbox.internal.protocol.RequestId;
import io.watchbox.internal.routing.BadGroupException;
import io.watchbox.internal.session.NotOwnerException;
import io.watchbox.internal.session.Outbox;
import io.watchbox.internal.session.Session;
import io.watchbox.internal.session.SessionRegistry;
import io.watchbox.internal.values.SessionInfoRecord;
import io.watchbox.internal.protocol.Utf8;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The protocol of one connection: expects {@code hello}, then serves requests. The container
 * delivers one frame at a time per connection, so this object needs no locking of its own.
 * A bad frame costs the client an error frame, never its session, and nobody else anything.
 */
public final class ClientProtocol implements OpenSocket {

    private static final Logger ERROR_LOG = LoggingLevel.error();
    private static final FrameDecoder DECODER = new FrameDecoder();

    private final Broker broker;
    private final Outbox outbox;
    /** The replies to requests after the hello. */
    private final OrderedReplies replies;
    private final FrameEncoder encoder;
    // What the handshake said is needed only for the hello; dropped after it, since an idle
    // session lives long and the header copy is a good part of what Watchbox holds for it.
    private Map<String, List<String>> parameters;
    private Handshake handshake;
    /** The user the container authenticated on the handshake, or null. */
    private WatchboxIdentity containerUser;
    /** How much of a frame over maxmessage is read and dropped before its close, rather than reset. */
    static final long MAX_DRAINED_BYTES = 8L << 20;

    private final StringBuilder partial = new StringBuilder();
    private long partialBytes;
    private Session session;
    private final AtomicBoolean counted = new AtomicBoolean();

    ClientProtocol(Broker broker, Outbox outbox, FrameEncoder encoder, Map<String, List<String>> parameters,
                   Handshake handshake, WatchboxIdentity containerUser) {
        this.broker = broker;
        this.outbox = outbox;
        this.replies = new OrderedReplies(outbox);
        this.encoder = encoder;
        this.parameters = parameters;
        this.handshake = handshake;
        this.containerUser = containerUser;
    }

    public void onText(String text) {
        onTextPart(text, true);
    }

    /**
     * One part of a text frame as the container reads it. Parts are gathered only up to
     * {@code maxmessage} bytes: a larger frame is answered as soon as it crosses the limit, and the
     * rest of it is dropped as it comes.
     */
    public void onTextPart(String part, boolean last) {
        if (outbox.isClosing()) {
            // Replaced (4409), ended, or closing after a protocol error: this socket speaks for no session.
            return;
        }
        boolean answered = partialBytes > broker.settings().maxmessage();
        partialBytes += Utf8.length(part);
        if (partialBytes > broker.settings().maxmessage()) {
            refuseTooLarge(answered, last);
            return;
        }
        if (!last) {
            partial.append(part);
            return;
        }
        String text = partial.length() > 0 ? partial.append(part).toString() : part;
        partial.setLength(0);
        partialBytes = 0;
        try {
            onFrame(text);
        } catch (RuntimeException bug) {
            failed(bug);
        }
    }

    /**
     * Answers a frame over {@code maxmessage} at once, but closes only once the container has read
     * the rest of it (dropped, never gathered), up to {@link #MAX_DRAINED_BYTES}. Closing while the
     * client is still sending leaves unread bytes in the server's socket, which then resets the
     * connection, and a reset may discard the error frame before the client reads it (seen on Payara).
     */
    private void refuseTooLarge(boolean alreadyAnswered, boolean last) {
        String reason = "frame larger than " + broker.settings().maxmessage() + " bytes";
        if (!alreadyAnswered) {
            partial.setLength(0);
            outbox.reply(encoder.error(null, ErrorCode.TOO_LARGE, reason));
        }
        if (last || partialBytes > broker.settings().maxmessage() + MAX_DRAINED_BYTES) {
            partialBytes = 0;
            outbox.closeAfterFlush(CloseCodes.TOO_LARGE, reason);
        }
    }

    /**
     * A bug, not bad input: shown in {@code watchbox.error} (once a minute however often it
     * recurs), and this socket closed with 1011. The session lives on for a resume like after any
     * dropped connection; other clients are not affected.
     */
    private void failed(RuntimeException bug) {
        if (broker.socketFailures().report("frame", () -> "handling a frame from client " + uid(), bug)) {
            outbox.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    /**
     * The container reports a failure on this socket. A peer that went away stays quiet (the
     * close that follows detaches the session for a resume); anything else is shown and closes
     * this socket with 1011.
     */
    public void transportFailed(Throwable failure) {
        if (broker.socketFailures().report("socket", () -> "the WebSocket connection of client " + uid(), failure)) {
            outbox.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    private void onFrame(String text) {
        ClientFrame frame = DECODER.decode(text);
        if (session == null) {
            beforeHello(frame);
        } else {
            session.used();
            broker.touch(session);
            handle(frame);
        }
    }

    public void onBinary() {
        if (outbox.isClosing()) {
            return;
        }
        if (session == null) {
            protocolError(null, "binary frames are not part of the protocol; say hello first");
        } else {
            session.used();
            broker.touch(session);
            error(null, ErrorCode.BAD_FRAME, "binary frames are not part of the protocol");
        }
    }

    /** The broker counted this socket toward {@code maxclients}. */
    void counted() {
        counted.set(true);
    }

    /** No hello within {@code hellotimeout}: the socket speaks for nobody and is closed. */
    @Override
    public void helloTimedOut(int seconds) {
        ERROR_LOG.info(() -> "connection closed: no hello within " + seconds + " s");
        outbox.close(CloseCodes.TIMED_OUT, "no hello within " + seconds + " s");
    }

    /** The credential this connection authenticated with has expired: it speaks for nobody any more. */
    @Override
    public void credentialExpired() {
        ERROR_LOG.info(() -> "client " + uid() + ": token expired; closing with 4403");
        outbox.reply(encoder.error(null, ErrorCode.FORBIDDEN, "the token has expired"));
        outbox.closeAfterFlush(CloseCodes.FORBIDDEN, "token expired");
    }

    /** The socket is gone, cleanly or not; the session waits for a resume, unless its client never used it. */
    public void onClose() {
        broker.socketClosed(this, counted.getAndSet(false));
        outbox.connectionClosed();
        if (session != null && session.endsUnused()) {
            broker.connectionEnded(session, outbox);
        } else if (session != null) {
            broker.disconnected(session, outbox);
        }
    }

    private void beforeHello(ClientFrame frame) {
        if (frame instanceof ClientFrame.Hello hello) {
            broker.greeted(this);
            Handshake said = handshake;
            Map<String, List<String>> query = parameters;
            handshake = null;
            parameters = null;
            WatchboxIdentity identity;
            try {
                identity = broker.authenticate(hello.token(), said, containerUser);
            } catch (WatchboxAuthenticationException e) {
                refuse(hello.id(), e.getMessage());
                return;
            } finally {
                containerUser = null;
            }
            if (!broker.mayConnect(hello.uid(), identity, query)) {
                refuse(hello.id(), "not allowed to connect");
                return;
            }
            SessionRegistry.Attachment attachment;
            try {
                attachment = broker.hello(hello.uid(), hello.since(), hello.resume(), identity, outbox);
            } catch (NotOwnerException e) {
                // The uid is public; the session, its socket and its queue stay as they are.
                refuse(hello.id(), e.getMessage());
                return;
            } catch (HolderBusyException e) {
                // The session is whole where it is: the client's next hello resumes it.
                outbox.close(CloseCodes.TRY_AGAIN_LATER, e.getMessage());
                return;
            }
            if (attachment == null) {
                if (outbox.isClosing()) {
                    return; // the server is stopping and has said so
                }
                String reason = "server full: " + broker.settings().maxclients() + " sessions";
                ERROR_LOG.info(() -> "connection refused: " + reason);
                outbox.close(CloseCodes.TRY_AGAIN_LATER, reason);
                return;
            }
            session = attachment.session();
            session.speaks(SessionInfoRecord.JSON);
            broker.expiresAt(this, identity);
            if (hello.batch()) {
                outbox.batchUpTo(broker.settings().maxmessage());
            }
            outbox.reply(encoder.welcome(hello.id(), session.uid(), attachment.resumed(),
                    broker.settings().timeout(), broker.settings().listlimit(), session.resumeKey(),
                    identity == null ? null : identity.user(), hello.batch()));
            outbox.bind(session);
        } else if (frame instanceof ClientFrame.Malformed malformed) {
            protocolError(malformed.id(), malformed.reason());
        } else {
            protocolError(frame.id(), "the first frame must be hello");
        }
    }

    private void handle(ClientFrame frame) {
        try {
            if (frame instanceof ClientFrame.Subscribe sub) {
                broker.subscribe(session, sub.group());
                List<EncodedMessage> retained = broker.retainedFor(sub.group());
                replies.send(encoder.ok(sub.id()));
                Session subscriber = session;
                replies.afterSent(() -> broker.queueRetained(subscriber, retained));
            } else if (frame instanceof ClientFrame.Unsubscribe unsub) {
                broker.unsubscribe(session, unsub.group());
                replies.send(encoder.ok(unsub.id()));
            } else if (frame instanceof ClientFrame.Publish pub) {
                if (!broker.allowPublish(session)) {
                    error(pub.id(), ErrorCode.RATE_LIMITED,
                            "more than " + broker.settings().ratelimit() + " publishes per second");
                    return;
                }
                Published published = broker.publishFromClient(session, pub.group(), pub.payload(), pub.retain(), EncodedMessage.DEFAULT_QOS,
                        MessageProperties.EMPTY);
                replies.sendOnceDone(published.relayed(), relayed -> encoder.okDelivered(pub.id(), published.delivered(),
                        !Boolean.FALSE.equals(relayed)));
            } else if (frame instanceof ClientFrame.Ping ping) {
                replies.send(encoder.pong(ping.id()));
            } else if (frame instanceof ClientFrame.Bye) {
                replies.drain(); // the ok of a pub just before still reaches the client
                broker.end(session, EndReason.LEFT);
            } else if (frame instanceof ClientFrame.Hello hello) {
                error(hello.id(), ErrorCode.BAD_FRAME, "hello was already received");
            } else if (frame instanceof ClientFrame.Malformed malformed) {
                error(malformed.id(), malformed.code(), malformed.reason());
            }
        } catch (BadGroupException e) {
            error(frame.id(), ErrorCode.BAD_GROUP, e.getMessage());
        } catch (ForbiddenException e) {
            error(frame.id(), ErrorCode.FORBIDDEN, e.getMessage());
        } catch (RetainedFullException e) {
            error(frame.id(), ErrorCode.RETAINED_FULL, e.getMessage());
        } catch (ServerStoppingException e) {
            // No ok: the publish was not taken, and the socket closes with 1001 a moment later.
        }
    }

    /** The session's uid for a log line, or a note that there is none yet. */
    private String uid() {
        Session current = session;
        return current == null ? "(before hello)" : current.uid();
    }

    /** A hello that may not go on: forbidden, then close 4403 once the error is out. */
    private void refuse(RequestId id, String reason) {
        ERROR_LOG.info(() -> "connection refused: " + LogText.quote(reason));
        outbox.reply(encoder.error(id, ErrorCode.FORBIDDEN, reason));
        outbox.closeAfterFlush(CloseCodes.FORBIDDEN, "forbidden");
    }

    private void error(RequestId id, ErrorCode code, String reason) {
        ERROR_LOG.info(() -> "client " + session.uid() + ": " + code.wire() + ": " + LogText.quote(reason));
        replies.send(encoder.error(id, code, reason));
    }

    private void protocolError(RequestId id, String reason) {
        ERROR_LOG.info(() -> "connection before hello: bad-frame: " + LogText.quote(reason));
        outbox.reply(encoder.error(id, ErrorCode.BAD_FRAME, reason));
        outbox.closeAfterFlush(CloseCodes.PROTOCOL_ERROR, "protocol error: hello expected");
    }
}
