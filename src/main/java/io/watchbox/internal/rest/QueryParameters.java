package io.watchbox.internal.rest;

import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters of the REST API read as values; a bad one is a 400 {@code bad-request} that names it. */
final class QueryParameters {

    /** Longest text of a bad value quoted back in a reason. */
    private static final int QUOTED = 64;

    private QueryParameters() {
    }

    /** A positive int, or {@code absent} when the parameter is not given. */
    static int positive(String name, String value, int absent) {
        if (value == null) {
            return absent;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below, like zero or a negative number
        }
        throw bad(name + " must be a positive integer", value);
    }

    /** {@code true} or {@code false}; false when the parameter is not given. */
    static boolean bool(String name, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw bad(name + " must be true or false", value);
    }

    /** An ISO-8601 instant such as {@code 2026-05-01T12:00:01.5Z}, or null when the parameter is not given. */
    static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw bad(name + " must be an ISO-8601 instant such as 2026-05-01T12:00:01.5Z", value);
        }
    }

    private static ApiException bad(String rule, String value) {
        String quoted = value.length() > QUOTED ? value.substring(0, QUOTED) + "..." : value;
        return new ApiException(Response.Status.BAD_REQUEST, "bad-request", rule + ": '" + quoted + "'");
    }
}
