package io.watchbox.internal.core;

import static org.awaitility.Awaitility.await;

import io.watchbox.internal.core.ClusterReplicas.Replica;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/** The set-up of the tests of sessions between replicas: three replicas a, b and c, started afresh for each test. */
abstract class ThreeReplicas {

    static final Duration WAIT = Duration.ofSeconds(30);

    Replica a;
    Replica b;
    Replica c;

    /** The replicas of the test, registered as an extension by the subclass. */
    abstract ClusterReplicas replicas();

    @BeforeEach
    void startReplicas() {
        a = replicas().start();
        b = replicas().start();
        c = replicas().start();
    }

    /** Waits until another replica's directory names a holder of the session: it has been announced. */
    void awaitHeldBy(Replica holder, String uid) {
        Replica other = holder == a ? b : a;
        await().atMost(WAIT).until(() -> other.broker().relay().holderOf(uid).isPresent());
    }
}
