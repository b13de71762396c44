package io.watchbox.client.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line: {@code sub [--url URL] [--token TOKEN] GROUP...} or
 * {@code pub [--url URL] [--token TOKEN] GROUP MESSAGE}, or a request for help. Options may come
 * anywhere; {@code --} ends them, so that a message may start with a dash. The token may also come
 * from {@code WATCHBOX_TOKEN} in the environment, which keeps it out of the shell's history.
 */
public record CliArguments(Command command, URI url, List<String> groups, String message, String token) {

    public static final String TOKEN_VARIABLE = "WATCHBOX_TOKEN";

    public static final URI DEFAULT_URL = URI.create("ws://127.0.0.1:9080/watchbox");

    public enum Command { HELP, SUB, PUB }

    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage:",
            "  watchbox-cli sub [--url URL] GROUP...       print every message of the groups, one per line",
            "  watchbox-cli pub [--url URL] GROUP MESSAGE  publish one message",
            "  watchbox-cli --help                         show this help",
            "",
            "Options:",
            "  --url URL       WebSocket endpoint (default " + DEFAULT_URL + ")",
            "  --token TOKEN   credential for the server (a JWT); or set " + TOKEN_VARIABLE + " in the environment,",
            "                  which keeps it out of the shell history",
            "",
            "GROUP of sub may use MQTT wildcards: + for one level, # for the rest.",
            "Exit status: 0 success, 1 failure talking to the server, 2 bad arguments.");

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
    public static CliArguments parse(java.util.Map<String, String> environment, String... args) {
        URI url = DEFAULT_URL;
        String token = environment.get(TOKEN_VARIABLE);
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                return new CliArguments(Command.HELP, url, List.of(), null, null);
            } else if (arg.equals("--url")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--url needs a value");
                }
                url = parseUrl(args[++i]);
            } else if (arg.startsWith("--url=")) {
                url = parseUrl(arg.substring("--url=".length()));
            } else if (arg.equals("--token")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--token needs a value");
                }
                token = args[++i];
            } else if (arg.startsWith("--token=")) {
                token = arg.substring("--token=".length());
            } else {
                throw new UsageException("unknown option " + arg);
            }
        }
        if (positional.isEmpty()) {
            throw new UsageException("missing command (sub or pub)");
        }
        String command = positional.get(0);
        List<String> operands = positional.subList(1, positional.size());
        return switch (command) {
            case "sub" -> {
                if (operands.isEmpty()) {
                    throw new UsageException("sub needs at least one GROUP");
                }
                operands.forEach(group -> requireGroup(group));
                yield new CliArguments(Command.SUB, url, operands, null, token);
            }
            case "pub" -> {
                if (operands.size() != 2) {
                    throw new UsageException("pub needs exactly GROUP and MESSAGE, got " + operands.size()
                            + " argument(s); quote a message that has spaces");
                }
                requireGroup(operands.get(0));
                yield new CliArguments(Command.PUB, url, List.of(operands.get(0)), operands.get(1), token);
            }
            default -> throw new UsageException("unknown command '" + command + "' (expected sub or pub)");
        };
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
