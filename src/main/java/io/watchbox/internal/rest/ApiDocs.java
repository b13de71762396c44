package io.watchbox.internal.rest;

/**
 * Texts the OpenAPI annotations of the resources share (annotation values must be constants).
 * The annotations cost nothing on a server without MicroProfile OpenAPI: the JVM ignores
 * annotations whose types it cannot load.
 */
final class ApiDocs {

    static final String TAG = "Watchbox";
    static final String BEARER = "bearer";
    static final String JSON = "application/json";
    static final String ADMIN_ONLY = "Needs role watchbox-admin.";
    static final String UNAUTHORIZED = "No credentials (an anonymous caller that watchbox.anonymous refuses), "
            + "or a refused bearer token";
    static final String FORBIDDEN = "Credentials without the role, or a refused Origin";

    private ApiDocs() {
    }
}
