package io.watchbox.client.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The parsed command line: {@code sub [OPTIONS] GROUP...}, {@code pub [OPTIONS] GROUP MESSAGE},
 * {@code token --user NAME [OPTIONS]}, or a request for help. Options may come anywhere, as
 * {@code --name value} or {@code --name=value}; {@code --} ends them, so that a message may start
 * with a dash. The token of sub and pub may also come from {@code WATCHBOX_TOKEN} in the
 * environment, which keeps it out of the shell's history.
 *
 * @param tokenRequest what the {@code token} command signs; null for the other commands
 */
public record CliArguments(Command command, URI url, List<String> groups, String message, String token,
                           TrustOptions trust, TokenRequest tokenRequest) {

    public static final String TOKEN_VARIABLE = "WATCHBOX_TOKEN";

    public static final URI DEFAULT_URL = URI.create("ws://127.0.0.1:9080/watchbox");

    public enum Command { HELP, SUB, PUB, TOKEN }

    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage:",
            "  watchbox-cli sub [OPTIONS] GROUP...       print every message of the groups, one per line",
            "  watchbox-cli pub [OPTIONS] GROUP MESSAGE  publish one message",
            "  watchbox-cli token --user NAME [OPTIONS]  print a signed token (a JWT) for development",
            "  watchbox-cli --help                       show this help",
            "",
            "Options of sub and pub:",
            "  --url URL       WebSocket endpoint, ws:// or wss:// (default " + DEFAULT_URL + ")",
            "  --token TOKEN   credential for the server (a JWT); or set " + TOKEN_VARIABLE + " in the environment,",
            "                  which keeps it out of the shell history",
            "  --cacert FILE   for wss://, trust the certificates in this PEM file instead of the JDK's",
            "                  (the bundled server's development certificate: liberty/target/dev-keys/tls.pem)",
            "  --truststore FILE [--truststore-password PASSWORD]",
            "                  for wss://, trust the certificates of this PKCS12 or JKS trust store instead",
            "",
            "Options of token (FOR DEVELOPMENT ONLY: whoever holds the key can sign in as anyone):",
            "  --user NAME          the user (claims upn and sub)",
            "  --roles R1,R2        the roles (claim groups; default none)",
            "  --expires DURATION   how long the token is valid: 30s, 15m, 1h, 7d (default 1h)",
            "  --key FILE           the signing key: a PKCS12 key store with one key, or a PKCS#8 PEM private key",
            "                       (default " + TokenRequest.DEV_KEY + ", the key pair ./mvnw package makes;",
            "                       the bundled server trusts it; run from the repository root)",
            "  --key-password PASS  the key store's password (default " + TokenRequest.DEV_KEY_PASSWORD + ", the build's)",
            "  --issuer ISSUER      claim iss (default " + TokenRequest.DEV_ISSUER + ")",
            "  --audience AUDIENCE  claim aud (default " + TokenRequest.DEV_AUDIENCE + ")",
            "",
            "GROUP of sub may use MQTT wildcards: + for one level, # for the rest.",
            "Exit status: 0 success, 1 failure (talking to the server, reading a file), 2 bad arguments.");

    private static final Set<String> CONNECTION_OPTIONS = Set.of("--url", "--token", "--cacert", "--truststore",
            "--truststore-password");
    private static final Set<String> TOKEN_OPTIONS = Set.of("--user", "--roles", "--expires", "--key", "--key-password",
            "--issuer", "--audience");
    private static final Pattern LIFETIME = Pattern.compile("([1-9][0-9]{0,5})([smhd])");

    public CliArguments {
        groups = List.copyOf(groups);
    }

    /** @throws UsageException when the arguments make no valid command */
    public static CliArguments parse(String... args) {
        return parse(System.getenv(), args);
    }

    /**
     * @param environment where {@code WATCHBOX_TOKEN} is looked up when there is no {@code --token}
     * @throws UsageException when the arguments make no valid command
     */
    public static CliArguments parse(Map<String, String> environment, String... args) {
        Map<String, String> options = new HashMap<>();
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                return new CliArguments(Command.HELP, DEFAULT_URL, List.of(), null, null, TrustOptions.JDK, null);
            } else {
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg : arg.substring(0, equals);
                if (!CONNECTION_OPTIONS.contains(name) && !TOKEN_OPTIONS.contains(name)) {
                    throw new UsageException("unknown option " + name);
                }
                if (equals >= 0) {
                    options.put(name, arg.substring(equals + 1));
                } else if (i + 1 < args.length) {
                    options.put(name, args[++i]);
                } else {
                    throw new UsageException(name + " needs a value");
                }
            }
        }
        if (positional.isEmpty()) {
            throw new UsageException("missing command (sub, pub or token)");
        }
        String command = positional.get(0);
        List<String> operands = positional.subList(1, positional.size());
        if (command.equals("token")) {
            onlyOptionsOf(command, TOKEN_OPTIONS, options);
            if (!operands.isEmpty()) {
                throw new UsageException("token takes options only, not '" + operands.get(0) + "'");
            }
            return new CliArguments(Command.TOKEN, DEFAULT_URL, List.of(), null, null, TrustOptions.JDK,
                    tokenRequest(options));
        }
        if (command.equals("sub") || command.equals("pub")) {
            onlyOptionsOf(command, CONNECTION_OPTIONS, options);
        }
        URI url = options.containsKey("--url") ? parseUrl(options.get("--url")) : DEFAULT_URL;
        String token = options.getOrDefault("--token", environment.get(TOKEN_VARIABLE));
        TrustOptions trust = trust(options);
        return switch (command) {
            case "sub" -> {
                if (operands.isEmpty()) {
                    throw new UsageException("sub needs at least one GROUP");
                }
                operands.forEach(group -> requireGroup(group));
                yield new CliArguments(Command.SUB, url, operands, null, token, trust, null);
            }
            case "pub" -> {
                if (operands.size() != 2) {
                    throw new UsageException("pub needs exactly GROUP and MESSAGE, got " + operands.size()
                            + " argument(s); quote a message that has spaces");
                }
                requireGroup(operands.get(0));
                yield new CliArguments(Command.PUB, url, List.of(operands.get(0)), operands.get(1), token, trust, null);
            }
            default -> throw new UsageException("unknown command '" + command + "' (expected sub, pub or token)");
        };
    }

    private static void onlyOptionsOf(String command, Set<String> allowed, Map<String, String> options) {
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new UsageException(name + " is not an option of " + command);
            }
        }
    }

    private static TokenRequest tokenRequest(Map<String, String> options) {
        String user = options.get("--user");
        if (user == null || user.isBlank()) {
            throw new UsageException("token needs --user NAME");
        }
        List<String> roles = Stream.of(options.getOrDefault("--roles", "").split(","))
                .map(String::strip).filter(role -> !role.isEmpty()).distinct().toList();
        Duration lifetime = options.containsKey("--expires") ? lifetime(options.get("--expires")) : TokenRequest.DEFAULT_LIFETIME;
        Path key = options.containsKey("--key") ? path("--key", options.get("--key")) : TokenRequest.DEV_KEY;
        return new TokenRequest(user, roles, lifetime, key,
                options.getOrDefault("--key-password", TokenRequest.DEV_KEY_PASSWORD),
                nonEmpty("--issuer", options.getOrDefault("--issuer", TokenRequest.DEV_ISSUER)),
                nonEmpty("--audience", options.getOrDefault("--audience", TokenRequest.DEV_AUDIENCE)));
    }

    private static Duration lifetime(String text) {
        Matcher matcher = LIFETIME.matcher(text);
        if (!matcher.matches()) {
            throw new UsageException("--expires must be a number and a unit s, m, h or d, e.g. 30m or 1h: " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static String nonEmpty(String option, String value) {
        if (value.isBlank()) {
            throw new UsageException(option + " must not be empty");
        }
        return value;
    }

    private static TrustOptions trust(Map<String, String> options) {
        String cacert = options.get("--cacert");
        String truststore = options.get("--truststore");
        String password = options.get("--truststore-password");
        if (cacert != null && truststore != null) {
            throw new UsageException("--cacert and --truststore exclude each other");
        }
        if (password != null && truststore == null) {
            throw new UsageException("--truststore-password goes with --truststore");
        }
        return new TrustOptions(path("--cacert", cacert), path("--truststore", truststore), password);
    }

    private static Path path(String option, String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            throw new UsageException(option + " needs a file");
        }
        return Path.of(value);
    }

    private static void requireGroup(String group) {
        if (group.isEmpty()) {
            throw new UsageException("GROUP must not be empty");
        }
    }

    private static URI parseUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new UsageException("--url is not a valid URL: " + text);
        }
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))
                || url.getHost() == null) {
            throw new UsageException("--url must be a ws:// or wss:// URL with a host: " + text);
        }
        return url;
    }

    /** Bad command-line arguments; the message says what is wrong. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
