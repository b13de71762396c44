package io.watchbox.internal.rest;

import io.watchbox.internal.logging.LoggingLevel;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A bug, not bad input: logged once with its stack trace; the caller gets a JSON 500 without one. */
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {

    private static final Logger ERROR_LOG = LoggingLevel.error();

    @Override
    public Response toResponse(RuntimeException e) {
        ERROR_LOG.log(Level.SEVERE, "REST request failed: " + e, e);
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("internal-error", "the server failed; see its log")).build();
    }
}
