package io.watchbox.internal.access;

import io.watchbox.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which browser origins may open a WebSocket or call the REST API ({@code watchbox.origins}).
 * Unset, only the request's own origin is allowed; {@code *} allows every origin; otherwise a
 * comma list of origins such as {@code https://app.example.com}. Requests without an
 * {@code Origin} header (clients that are not browsers) are not affected.
 */
public final class OriginPolicy {

    public static final String KEY = "watchbox.origins";
    private static final String RANGE = "'*' or a comma list of origins such as https://app.example.com:8443";

    private final boolean any;
    private final Set<String> allowed;

    private OriginPolicy(boolean any, Set<String> allowed) {
        this.any = any;
        this.allowed = allowed;
    }

    /** The policy of a configured value; null or blank is the request's own origin only. */
    public static OriginPolicy parse(String configured) {
        if (configured == null || configured.isBlank()) {
            return new OriginPolicy(false, Set.of());
        }
        if (configured.strip().equals("*")) {
            return new OriginPolicy(true, Set.of());
        }
        Set<String> origins = Stream.of(configured.split(",")).map(String::strip).filter(o -> !o.isEmpty())
                .map(o -> {
                    String normalized = normalize(o);
                    if (normalized == null) {
                        throw new InvalidSettingException(KEY, configured, RANGE);
                    }
                    return normalized;
                }).collect(Collectors.toUnmodifiableSet());
        return new OriginPolicy(false, origins);
    }

    /**
     * Whether a request may go on.
     *
     * @param origin the request's {@code Origin} header, or null
     * @param scheme the scheme the request came in with ({@code http} or {@code https})
     * @param host   the request's {@code Host} header
     */
    public boolean allows(String origin, String scheme, String host) {
        if (origin == null || any) {
            return true;
        }
        String normalized = normalize(origin);
        if (normalized == null) {
            return false; // "null" (sandboxed frames, file: pages) and garbage
        }
        return allowed.isEmpty() ? normalized.equals(normalize(scheme + "://" + host)) : allowed.contains(normalized);
    }

    /** scheme://host[:port] in lower case without a default port, or null when it is not an origin. */
    static String normalize(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
