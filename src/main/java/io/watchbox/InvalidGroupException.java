package io.watchbox;

/** A group name passed to {@link Watchbox#publish} that breaks the contract's rules. */
public final class InvalidGroupException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param group  the group name as given
     * @param reason which rule it breaks
     */
    public InvalidGroupException(String group, String reason) {
        super("bad group '" + group + "': " + reason);
    }
}
