package io.watchbox.internal.access;

import java.util.Locale;

/** The token of an {@code Authorization: Bearer} header (RFC 6750), as MicroProfile JWT clients send it. */
public final class BearerToken {

    public static final String HEADER = "Authorization";
    private static final String SCHEME = "bearer ";

    private BearerToken() {
    }

    /** The token of a header value, or null when the value is absent or of another scheme. */
    public static String of(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return null;
        }
        String token = authorization.substring(SCHEME.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
