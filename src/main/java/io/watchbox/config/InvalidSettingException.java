package io.watchbox.config;

/** A configuration value outside its allowed range; the message names the key, the value and the range. */
public final class InvalidSettingException extends IllegalArgumentException {
    public InvalidSettingException(String key, String value, String range) {
        super("Watchbox setting " + key + "=" + value + " is out of range; allowed: " + range);
    }
}
