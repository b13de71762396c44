package io.watchbox.itapp;

/** The host application's own kind of failure. */
public class HostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HostException(String message) {
        super(message);
    }
}
