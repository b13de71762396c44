package io.watchbox.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DropReasonTest {

    @ParameterizedTest(name = "{0} means {1}, no reconnect")
    @CsvSource({"4409, replaced", "1008, kicked", "4403, forbidden", "4400, protocol-error"})
    void finalCloseCodes(int code, String description) {
        DropReason reason = DropReason.ofClose(code, "whatever");

        assertFalse(reason.reconnect());
        assertEquals(description, reason.description());
    }

    @ParameterizedTest(name = "{0} reconnects")
    @ValueSource(ints = {1000, 1001, 1006, 1011, 4408, 4413, 4999})
    void closeCodesThatReconnect(int code) {
        assertTrue(DropReason.ofClose(code, "").reconnect());
    }

    @Test
    void ioErrorsReconnectAndNameTheirRootCause() {
        DropReason reason = DropReason.ofError(new CompletionException(new IOException("broken pipe")));

        assertTrue(reason.reconnect());
        assertEquals("io-error: IOException: broken pipe", reason.description());
    }
}
