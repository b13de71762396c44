package io.watchbox.itapp;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The host application's own error mapping: 409 with a plain-text body of its own making. */
@Provider
public class HostExceptionMapper implements ExceptionMapper<HostException> {
    @Override
    public Response toResponse(HostException e) {
        return Response.status(Response.Status.CONFLICT).type(MediaType.TEXT_PLAIN_TYPE)
                .entity("host mapped: " + e.getMessage()).build();
    }
}
