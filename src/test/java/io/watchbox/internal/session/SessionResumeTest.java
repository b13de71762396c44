package io.watchbox.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchbox.internal.FakeConnection;
import io.watchbox.internal.protocol.EncodedMessage;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Where a session's new connection goes on in its queue. */
class SessionResumeTest {

    private final Session session = new Session("alice", "key", null, 0, new LongAdder());
    private final Outbox first = new Outbox(new FakeConnection());
    private final Outbox second = new Outbox(new FakeConnection());

    private void publish(int count) {
        for (int i = 0; i < count; i++) {
            session.enqueue(new EncodedMessage("{\"n\":" + i + "}"), 50, Long.MAX_VALUE);
        }
    }

    @Test
    void anMqttClientGoesOnAfterTheLastMessageItsReplacedConnectionPutOnItsWay() {
        session.attach(first, null, null, 0);
        publish(5);
        Session.Outgoing taken = session.next(first);
        session.mqtt().outbound().send(first, taken.seq(), taken.message(), 2);
        Session.Outgoing takenNotFramed = session.next(first); // framed only after the new connection came

        session.attach(second, Session.AFTER_LAST_TAKEN, null, 1);

        assertEquals(0, session.mqtt().outbound().send(first, takenNotFramed.seq(), takenNotFramed.message(), 2),
                "the replaced connection may no longer put a message in flight");
        assertEquals(2, session.next(second).seq(), "the message it had taken is the new connection's to send");
        assertNull(session.next(first));
    }

    @Test
    void aSessionWithoutMqttStateThatIsContinuedThatWayReplaysNothingOld() {
        session.attach(first, null, null, 0);
        publish(3);

        session.attach(second, Session.AFTER_LAST_TAKEN, null, 1);

        assertNull(session.next(second));
    }

    @Test
    void aJsonClientGoesOnAfterTheSeqItSaw() {
        session.attach(first, null, null, 0);
        publish(3);

        session.attach(second, 1L, null, 1);

        assertEquals(2, session.next(second).seq());
    }
}
