package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A server stopped by SIGTERM (docker stop, Kubernetes, Ctrl-C) says goodbye: clients get 1001,
 * not a dropped connection. (Liberty's {@code server stop} command closes the sockets before any
 * application code runs; see docs/reliability.md.)
 */
@Tag("liberty")
class ServerSignalIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void sigtermClosesEverySocketAsGoingAway() throws Exception {
        RawClient first = RawClient.hello(Names.uid("sigterm"));
        RawClient second = RawClient.hello(Names.uid("sigterm"));
        try {
            ProcessHandle liberty = ProcessHandle.of(Server.pid()).orElseThrow();
            liberty.destroy(); // SIGTERM

            assertEquals(1001, first.closeCode());
            assertEquals(1001, second.closeCode());
            liberty.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            first.close();
            second.close();
            Server.liberty("start");
            await().atMost(WAIT).until(() -> Server.get("/stats").statusCode() == 200);
        }
        try (RawClient again = RawClient.hello(Names.uid("sigterm"))) {
            assertEquals(0, again.pending(), "the restarted server takes new clients");
        }
    }
}
