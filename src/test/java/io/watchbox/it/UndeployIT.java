package io.watchbox.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Taking the application away closes its clients' sockets properly, and it comes back cleanly. */
@Tag("liberty")
class UndeployIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void undeployingClosesSocketsWith1001() throws Exception {
        Path apps = Path.of(System.getProperty("watchbox.it.wlp"), "usr", "servers",
                System.getProperty("watchbox.it.server"), "apps");
        Path app = apps.resolve("watchbox.war");
        Path parked = apps.resolve("watchbox.war.parked");
        RawClient client = RawClient.hello(Names.uid("undeployed"));
        try {
            // Liberty watches the application's location: moving it away stops the application.
            Files.move(app, parked);
            assertEquals(1001, client.closeCode(), "going away");
        } finally {
            Files.move(parked, app);
            await().atMost(WAIT).until(() -> Server.get("/stats").statusCode() == 200);
        }
    }
}
