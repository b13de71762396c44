package io.watchbox.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.client.cli.CliArguments.Command;
import io.watchbox.client.cli.CliArguments.UsageException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CliArgumentsTest {

    @Test
    void subTakesOneOrMoreGroupsAndTheDefaultUrl() {
        CliArguments args = CliArguments.parse("sub", "a/+", "b/#");

        assertEquals(Command.SUB, args.command());
        assertEquals(URI.create("ws://127.0.0.1:9080/watchbox"), args.url());
        assertEquals(List.of("a/+", "b/#"), args.groups());
    }

    @Test
    void pubTakesAGroupAndAMessage() {
        CliArguments args = CliArguments.parse("pub", "--url", "ws://example.org:1234/ctx/watchbox", "g", "hello world");

        assertEquals(Command.PUB, args.command());
        assertEquals(URI.create("ws://example.org:1234/ctx/watchbox"), args.url());
        assertEquals(List.of("g"), args.groups());
        assertEquals("hello world", args.message());
    }

    @Test
    void optionsMayComeAnywhereAndInEqualsForm() {
        CliArguments args = CliArguments.parse("sub", "g", "--url=wss://secure.example/watchbox");

        assertEquals(URI.create("wss://secure.example/watchbox"), args.url());
        assertEquals(List.of("g"), args.groups());
    }

    @Test
    void aDoubleDashLetsAMessageStartWithADash() {
        assertEquals("-5 degrees", CliArguments.parse("pub", "--", "g", "-5 degrees").message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpWinsOverEverythingElse(String flag) {
        assertEquals(Command.HELP, CliArguments.parse("pub", flag).command());
        assertEquals(Command.HELP, CliArguments.parse(flag).command());
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertMessage("missing command", () -> CliArguments.parse());
        assertMessage("token needs --user NAME", () -> CliArguments.parse("token"));
        assertMessage("token takes options only", () -> CliArguments.parse("token", "--user", "alice", "extra"));
        assertMessage("--user is not an option of sub", () -> CliArguments.parse("sub", "--user", "alice", "g"));
        assertMessage("--url is not an option of token",
                () -> CliArguments.parse("token", "--user", "alice", "--url", "ws://127.0.0.1:9080/watchbox"));
        assertMessage("unknown command 'publish'", () -> CliArguments.parse("publish", "g", "m"));
        assertMessage("sub needs at least one GROUP", () -> CliArguments.parse("sub"));
        assertMessage("pub needs exactly GROUP and MESSAGE", () -> CliArguments.parse("pub", "g"));
        assertMessage("pub needs exactly GROUP and MESSAGE", () -> CliArguments.parse("pub", "g", "hello", "world"));
        assertMessage("unknown option --verbose", () -> CliArguments.parse("sub", "--verbose", "g"));
        assertMessage("--url needs a value", () -> CliArguments.parse("sub", "g", "--url"));
        assertMessage("ws:// or wss://", () -> CliArguments.parse("sub", "--url", "http://host/watchbox", "g"));
        assertMessage("GROUP must not be empty", () -> CliArguments.parse("pub", "", "m"));
        assertMessage("--cacert needs a value", () -> CliArguments.parse("sub", "g", "--cacert"));
        assertMessage("--cacert and --truststore exclude each other",
                () -> CliArguments.parse("sub", "--cacert", "ca.pem", "--truststore", "t.p12", "g"));
        assertMessage("--truststore-password goes with --truststore",
                () -> CliArguments.parse("sub", "--truststore-password", "pw", "g"));
    }

    @Test
    void wssTrustsTheJdkOrACertificateFileOrATrustStore() {
        assertEquals(TrustOptions.JDK, CliArguments.parse("sub", "g").trust());
        assertEquals(new TrustOptions(Path.of("ca.pem"), null, null),
                CliArguments.parse("sub", "--cacert", "ca.pem", "--url", "wss://localhost:9443/watchbox", "g").trust());
        assertEquals(new TrustOptions(null, Path.of("trust.p12"), "pw"),
                CliArguments.parse("pub", "--truststore=trust.p12", "--truststore-password", "pw", "g", "m").trust());
    }

    @Test
    void tokenSignsForTheUserWithTheDevelopmentKeyIssuerAndAudienceByDefault() {
        CliArguments args = CliArguments.parse("token", "--user", "alice");

        assertEquals(Command.TOKEN, args.command());
        assertEquals(new TokenRequest("alice", List.of(), Duration.ofHours(1), Path.of("liberty/target/dev-keys/jwt.p12"),
                "watchbox-dev", "watchbox-dev", "watchbox"), args.tokenRequest());
    }

    @Test
    void tokenOptionsSetTheRolesLifetimeKeyIssuerAndAudience() {
        TokenRequest request = CliArguments.parse("token", "--user=bob", "--roles", "staff, ops,,staff", "--expires", "30m",
                "--key", "keys/it.pem", "--key-password", "pw", "--issuer", "watchbox-it", "--audience", "other").tokenRequest();

        assertEquals(new TokenRequest("bob", List.of("staff", "ops"), Duration.ofMinutes(30), Path.of("keys/it.pem"),
                "pw", "watchbox-it", "other"), request);
    }

    @ParameterizedTest
    @CsvSource({"45s, PT45S", "30m, PT30M", "2h, PT2H", "7d, PT168H"})
    void expiresTakesSecondsMinutesHoursOrDays(String text, Duration lifetime) {
        assertEquals(lifetime, CliArguments.parse("token", "--user", "alice", "--expires", text).tokenRequest().lifetime());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0h", "1w", "h", "1.5h", "-1h", "90", "9999999d"})
    void expiresRefusesAnythingElse(String text) {
        assertMessage("--expires must be", () -> CliArguments.parse("token", "--user", "alice", "--expires=" + text));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable parse) {
        UsageException error = assertThrows(UsageException.class, parse);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aTokenComesFromTheOptionOrTheEnvironment() {
        assertEquals("opt", CliArguments.parse(java.util.Map.of(), "sub", "--token", "opt", "g").token());
        assertEquals("env", CliArguments.parse(java.util.Map.of("WATCHBOX_TOKEN", "env"), "sub", "g").token());
        assertEquals("opt", CliArguments.parse(java.util.Map.of("WATCHBOX_TOKEN", "env"), "pub", "--token=opt", "g", "m").token(),
                "the option wins");
        assertEquals(null, CliArguments.parse(java.util.Map.of(), "sub", "g").token());
    }
}
