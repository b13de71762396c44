package io.watchbox.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenCommandTest {
    private final Console console = new Console();

    @Test
    void signsForTheUserWithTheDevelopmentKeyIssuerAndAudienceByDefault() {
        TokenRequest request = console.parse(TokenCommand.class, "token", "--user", "alice").request();

        assertEquals(new TokenRequest("alice", List.of(), Duration.ofHours(1), Path.of("liberty/target/dev-keys/jwt.p12"),
                "watchbox-dev", "watchbox-dev", "watchbox"), request);
    }

    @Test
    void optionsSetTheRolesLifetimeKeyIssuerAndAudience() {
        TokenRequest request = console.parse(TokenCommand.class, "token", "--user=bob", "--roles", "staff, ops,,staff",
                "--expires", "30m", "--key", "keys/it.pem", "--key-password", "pw", "--issuer", "watchbox-it",
                "--audience", "other").request();

        assertEquals(new TokenRequest("bob", List.of("staff", "ops"), Duration.ofMinutes(30), Path.of("keys/it.pem"),
                "pw", "watchbox-it", "other"), request);
    }

    @ParameterizedTest
    @CsvSource({"45s, PT45S", "30m, PT30M", "2h, PT2H", "7d, PT168H"})
    void expiresTakesSecondsMinutesHoursOrDays(String text, Duration lifetime) {
        assertEquals(lifetime, console.parse(TokenCommand.class, "token", "--user", "alice", "--expires", text).lifetime);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0h", "1w", "h", "1.5h", "-1h", "90", "9999999d"})
    void expiresRefusesAnythingElse(String text) {
        assertEquals(Main.USAGE, console.run("token", "--user", "alice", "--expires=" + text));

        assertTrue(console.err().startsWith("watchbox-cli token: Invalid value for option '--expires': must be a number"),
                console.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "token                                  | Missing required option: '--user=NAME'",
        "token --user alice extra               | Unmatched argument at index 3: 'extra'",
        "token --user alice --url ws://h/w      | Unknown options: '--url'",
        "token --user alice -v                  | Unknown option: '-v'",
        "token --user alice --issuer=           | --issuer must not be empty"})
    void badArgumentsSayWhatIsWrong(String args, String expected) {
        assertEquals(Main.USAGE, console.run(args.strip().split(" +")));

        assertTrue(console.err().startsWith("watchbox-cli token: " + expected), console.err());
        assertEquals("", console.out());
    }
}
