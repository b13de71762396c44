package io.watchbox;

/**
 * A setting outside its allowed range. The message names the key, the value and the range, so a
 * deployment that fails on it says which line of the configuration to fix.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param key   the configuration key, for example {@code watchbox.timeout}
     * @param value the value as configured
     * @param range the allowed values, in words
     */
    public InvalidSettingException(String key, String value, String range) {
        super("Watchbox setting " + key + "=" + value + " is out of range; allowed: " + range);
    }
}
