package io.watchbox.internal.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void aNewlineCannotStartAForgedLine() {
        String forged = LogText.quote("ping\n[11/28/26 09:00:00] I watchbox.server Watchbox stopped");

        assertFalse(forged.contains("\n"));
        assertTrue(forged.startsWith("\"ping\\u000a["), forged);
    }

    @Test
    void controlCharactersAndQuotesAreEscaped() {
        assertEquals("\"a\\u001b[2Jb\\\"c\\\\\"", LogText.quote("a\u001b[2Jb\"c\\"));
        assertEquals("\"\\u0085\\u2028\"", LogText.quote("\u0085\u2028"));
    }

    @Test
    void longTextIsCutAndSaysHowLongItWas() {
        String quoted = LogText.quote("x".repeat(60_000));

        assertTrue(quoted.length() < 250, quoted);
        assertTrue(quoted.endsWith("(60000 chars)"), quoted);
    }

    @Test
    void plainTextIsQuotedAsItIs() {
        assertEquals("\"sensors/kitchen/temp\"", LogText.quote("sensors/kitchen/temp"));
        assertEquals("null", LogText.quote(null));
    }
}
