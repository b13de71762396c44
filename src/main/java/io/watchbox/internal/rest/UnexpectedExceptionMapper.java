package io.watchbox.internal.rest;

import io.watchbox.internal.logging.RateLimitedLog;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * A bug, not bad input: logged with its stack trace to {@code watchbox.error}, one line a minute per
 * kind of exception with how many more there were (a bug on a path every request takes must not flood
 * the log); the caller gets a JSON 500 without one.
 */
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {

    // One per application: JAX-RS makes one instance of a provider class per application.
    private final RateLimitedLog errors = RateLimitedLog.errors();

    @Override
    public Response toResponse(RuntimeException e) {
        report(e);
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("internal-error", "the server failed; see its log")).build();
    }

    /** Kinds are exception classes: their number is fixed by the code, not by the traffic. */
    void report(RuntimeException e) {
        errors.warning(e.getClass().getName(), () -> "Watchbox REST request failed: " + e, e);
    }
}
