package io.watchbox.internal.mqtt.session;

import io.watchbox.internal.protocol.EncodedMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The QoS 1 and 2 messages a session sent its client and has not had acknowledged, in the order
 * they were sent, with the packet identifiers they hold: a new message gets the next identifier
 * from 1 to 65535 that no message in flight holds. They outlive the connection, to be sent again
 * with DUP when the session's client reconnects. Its own lock guards it; nothing else is called
 * while holding it.
 */
public final class OutboundWindow {

    /** The most packet identifiers there are, so the most messages that can be in flight. */
    public static final int MAX_IDS = 65535;

    private final Map<Integer, InFlight> inFlight = new LinkedHashMap<>();
    private int lastId;
    private long lastTakenSeq;
    /**
     * Who frames the session's messages: the outbox of its client's connection. A connection that
     * was replaced may still be framing a message it took when the new one claims the window; it is
     * refused, and the new connection sends that message instead.
     */
    private Object sender;

    /** Whether one more message may be sent while at most {@code max} may be in flight. */
    public synchronized boolean hasRoom(int max) {
        return inFlight.size() < Math.min(max, MAX_IDS);
    }

    public synchronized int size() {
        return inFlight.size();
    }

    /**
     * Makes {@code newSender} the only one that frames messages from now on (a reconnecting client's
     * outbox), and says where it goes on.
     *
     * @return the seq of the last message taken for the client before
     */
    public synchronized long claim(Object newSender) {
        sender = newSender;
        return lastTakenSeq;
    }

    /** Whether the asker frames the session's messages; the first to ask of an unclaimed window does. */
    private boolean sends(Object asker) {
        if (sender == null) {
            sender = asker;
        }
        return sender == asker;
    }

    /**
     * Notes that the message of this seq was taken for the client and sent at QoS 0 or not at all.
     *
     * @return false if the asker no longer sends this session's messages (nothing is noted)
     */
    public synchronized boolean taken(Object asker, long seq) {
        if (!sends(asker)) {
            return false;
        }
        lastTakenSeq = seq;
        return true;
    }

    /**
     * Takes the message of this seq for the client and puts it in flight at QoS 1 or 2 under the
     * next free packet identifier.
     *
     * @return the identifier, or 0 if the asker no longer sends this session's messages (nothing is noted)
     * @throws IllegalStateException when every identifier is in flight (callers check {@link #hasRoom} first)
     */
    public synchronized int send(Object asker, long seq, EncodedMessage message, int qos) {
        if (!sends(asker)) {
            return 0;
        }
        if (inFlight.size() >= MAX_IDS) {
            throw new IllegalStateException("every packet identifier is in flight");
        }
        lastTakenSeq = seq;
        int id = lastId;
        do {
            id = id % MAX_IDS + 1;
        } while (inFlight.containsKey(id));
        lastId = id;
        inFlight.put(id, new InFlight(id, message, qos, false));
        return id;
    }

    /** PUBACK: the QoS 1 message is delivered. @return whether one was in flight under this id */
    public synchronized boolean acknowledged(int packetId) {
        InFlight sent = inFlight.get(packetId);
        if (sent == null || sent.qos() != 1) {
            return false;
        }
        inFlight.remove(packetId);
        return true;
    }

    /**
     * PUBREC: the client has the QoS 2 message. A success makes it released (PUBREL is sent next);
     * a failure reason ends its flight.
     *
     * @return whether a QoS 2 message was in flight under this id
     */
    public synchronized boolean received(int packetId, boolean failed) {
        InFlight sent = inFlight.get(packetId);
        if (sent == null || sent.qos() != 2) {
            return false;
        }
        if (failed) {
            inFlight.remove(packetId);
        } else {
            inFlight.put(packetId, sent.release());
        }
        return true;
    }

    /** PUBCOMP: the QoS 2 exchange is complete. @return whether a released message held this id */
    public synchronized boolean completed(int packetId) {
        InFlight sent = inFlight.get(packetId);
        if (sent == null || !sent.released()) {
            return false;
        }
        inFlight.remove(packetId);
        return true;
    }

    /** Takes back the message just put in flight, which was not sent after all: its id is given next. */
    public synchronized void forget(int packetId) {
        if (inFlight.remove(packetId) != null && lastId == packetId) {
            lastId = packetId - 1;
        }
    }

    /** What is in flight, in the order it was first sent: what a reconnecting client is sent again. */
    public synchronized List<InFlight> unacknowledged() {
        return List.copyOf(inFlight.values());
    }

    /** The message in flight under this identifier now, or null if it was acknowledged meanwhile. */
    public synchronized InFlight inFlight(int packetId) {
        return inFlight.get(packetId);
    }

    /** The seq of the last message taken from the session's queue: a reconnecting client continues after it. */
    public synchronized long lastTakenSeq() {
        return lastTakenSeq;
    }

    /** The packet identifier given last (0: none yet): the next is the first free one after it. */
    public synchronized int lastPacketId() {
        return lastId;
    }

    /**
     * Fills an empty window with the messages in flight of a session that moved or was adopted here;
     * the next new message gets the identifier after {@code lastPacketId}, as it would have there (an
     * adopter sends a message the crashed replica had sent, but not yet copied as sent, under the
     * identifier the client holds).
     */
    public synchronized void restore(List<InFlight> sent, long takenSeq, int lastPacketId) {
        for (InFlight message : sent) {
            inFlight.put(message.packetId(), message);
        }
        lastId = lastPacketId;
        lastTakenSeq = takenSeq;
    }
}
