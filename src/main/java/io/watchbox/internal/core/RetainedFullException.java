package io.watchbox.internal.core;

/**
 * A retained publish that would take the retained messages past {@code watchbox.retained.maxcount}
 * or {@code .maxbytes}: refused before anything is published, and the retained messages kept are as
 * they were. Answered with {@code retained-full}, REST 409, MQTT 5.0 PUBACK 0x97.
 */
public final class RetainedFullException extends Exception {
    RetainedFullException(String reason) {
        super(reason, null, false, false);
    }
}
