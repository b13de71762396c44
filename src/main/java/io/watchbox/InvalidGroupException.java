package io.watchbox;

/** A group name passed to {@link Watchbox#publish} that breaks the contract's rules. */
public final class InvalidGroupException extends IllegalArgumentException {
    public InvalidGroupException(String group, String reason) {
        super("bad group '" + group + "': " + reason);
    }
}
