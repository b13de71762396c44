package io.watchbox.client.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line: {@code sub [OPTIONS] GROUP...} or {@code pub [OPTIONS] GROUP MESSAGE},
 * or a request for help. Options may come anywhere, as {@code --name value} or {@code --name=value};
 * {@code --} ends them, so that a message may start with a dash. The token may also come from
 * {@code WATCHBOX_TOKEN} in the environment, which keeps it out of the shell's history.
 */
public record CliArguments(Command command, URI url, List<String> groups, String message, String token,
                           TrustOptions trust) {

    public static final String TOKEN_VARIABLE = "WATCHBOX_TOKEN";

    public static final URI DEFAULT_URL = URI.create("ws://127.0.0.1:9080/watchbox");

    public enum Command { HELP, SUB, PUB }

    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage:",
            "  watchbox-cli sub [OPTIONS] GROUP...       print every message of the groups, one per line",
            "  watchbox-cli pub [OPTIONS] GROUP MESSAGE  publish one message",
            "  watchbox-cli --help                       show this help",
            "",
            "Options:",
            "  --url URL       WebSocket endpoint, ws:// or wss:// (default " + DEFAULT_URL + ")",
            "  --token TOKEN   credential for the server (a JWT); or set " + TOKEN_VARIABLE + " in the environment,",
            "                  which keeps it out of the shell history",
            "  --cacert FILE   for wss://, trust the certificates in this PEM file instead of the JDK's",
            "                  (the bundled server's development certificate: liberty/target/dev-keys/tls.pem)",
            "  --truststore FILE [--truststore-password PASSWORD]",
            "                  for wss://, trust the certificates of this PKCS12 or JKS trust store instead",
            "",
            "GROUP of sub may use MQTT wildcards: + for one level, # for the rest.",
            "Exit status: 0 success, 1 failure talking to the server, 2 bad arguments.");

    private static final Set<String> OPTIONS = Set.of("--url", "--token", "--cacert", "--truststore", "--truststore-password");

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
                return new CliArguments(Command.HELP, DEFAULT_URL, List.of(), null, null, TrustOptions.JDK);
            } else {
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg : arg.substring(0, equals);
                if (!OPTIONS.contains(name)) {
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
            throw new UsageException("missing command (sub or pub)");
        }
        String command = positional.get(0);
        List<String> operands = positional.subList(1, positional.size());
        URI url = options.containsKey("--url") ? parseUrl(options.get("--url")) : DEFAULT_URL;
        String token = options.getOrDefault("--token", environment.get(TOKEN_VARIABLE));
        TrustOptions trust = trust(options);
        return switch (command) {
            case "sub" -> {
                if (operands.isEmpty()) {
                    throw new UsageException("sub needs at least one GROUP");
                }
                operands.forEach(group -> requireGroup(group));
                yield new CliArguments(Command.SUB, url, operands, null, token, trust);
            }
            case "pub" -> {
                if (operands.size() != 2) {
                    throw new UsageException("pub needs exactly GROUP and MESSAGE, got " + operands.size()
                            + " argument(s); quote a message that has spaces");
                }
                requireGroup(operands.get(0));
                yield new CliArguments(Command.PUB, url, List.of(operands.get(0)), operands.get(1), token, trust);
            }
            default -> throw new UsageException("unknown command '" + command + "' (expected sub or pub)");
        };
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
