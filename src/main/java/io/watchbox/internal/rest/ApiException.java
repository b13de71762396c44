package io.watchbox.internal.rest;

import jakarta.ws.rs.core.Response;

/** Bad input to the REST API: answered with its status and an {@link ApiError} body. */
final class ApiException extends RuntimeException {

    private final Response.Status status;
    private final String code;

    ApiException(Response.Status status, String code, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.code = code;
    }

    Response.Status status() {
        return status;
    }

    ApiError error() {
        return new ApiError(code, getMessage());
    }
}
