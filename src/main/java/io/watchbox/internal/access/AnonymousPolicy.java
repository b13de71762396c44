package io.watchbox.internal.access;

import io.watchbox.InvalidSettingException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where clients without identity may come from ({@code watchbox.anonymous}): {@code local}, the
 * default, only from loopback addresses, as Mosquitto 2 does with no listener configured;
 * {@code true} from anywhere; {@code false} nowhere.
 *
 * <p>A client is anonymous when neither a token nor the container's login identifies it. An
 * anonymous REST caller that the policy admits has both REST roles; one it refuses has none.
 */
public enum AnonymousPolicy {
    LOCAL, ANYWHERE, NOWHERE;

    public static final String KEY = "watchbox.anonymous";

    /** The policy of a configured value; null or blank is {@link #LOCAL}. */
    public static AnonymousPolicy parse(String configured) {
        String value = configured == null ? "local" : configured.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "local" -> LOCAL;
            case "true" -> ANYWHERE;
            case "false" -> NOWHERE;
            default -> throw new InvalidSettingException(KEY, configured, "local, true or false");
        };
    }

    /** Whether an anonymous client from this address (an IP literal, as the container reports it) may go on. */
    public boolean admits(String remoteAddress) {
        return switch (this) {
            case ANYWHERE -> true;
            case NOWHERE -> false;
            case LOCAL -> isLoopback(remoteAddress);
        };
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static boolean isLoopback(String address) {
        if (address == null || !(IPV4.matcher(address).matches() || address.indexOf(':') >= 0)) {
            return false; // not an IP literal: never looked up, never trusted
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
