package io.watchbox.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParametersTest {

    @Test
    void aMissingLimitIsTheDefault() {
        assertEquals(Integer.MAX_VALUE, QueryParameters.positive("limit", null, Integer.MAX_VALUE));
    }

    @Test
    void aPositiveLimitIsRead() {
        assertEquals(1, QueryParameters.positive("limit", "1", 0));
        assertEquals(Integer.MAX_VALUE, QueryParameters.positive("limit", "2147483647", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "", " 5", "5.0", "ten", "2147483648", "0x10"})
    void anythingElseIsABadRequestThatNamesTheParameterAndTheValue(String value) {
        ApiException e = assertThrows(ApiException.class, () -> QueryParameters.positive("limit", value, 0));
        assertEquals(Response.Status.BAD_REQUEST, e.status());
        assertEquals("bad-request", e.error().code());
        assertEquals("limit must be a positive integer: '" + value + "'", e.error().reason());
    }

    @Test
    void aSinceIsAnIsoInstantAsTheSamplesWriteTheirTime() {
        assertNull(QueryParameters.instant("since", null));
        assertEquals(Instant.parse("2026-05-01T12:00:01.123456789Z"),
                QueryParameters.instant("since", "2026-05-01T12:00:01.123456789Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1700000000000", "2026-05-01", "2026-05-01T12:00:01", "yesterday"})
    void aSinceThatIsNotAnInstantIsABadRequest(String value) {
        ApiException e = assertThrows(ApiException.class, () -> QueryParameters.instant("since", value));
        assertEquals(Response.Status.BAD_REQUEST, e.status());
        assertEquals("since must be an ISO-8601 instant such as 2026-05-01T12:00:01.5Z: '" + value + "'", e.error().reason());
    }

    @Test
    void aLongBadValueIsQuotedOnlyInPart() {
        ApiException e = assertThrows(ApiException.class, () -> QueryParameters.positive("limit", "x".repeat(1000), 0));
        assertEquals("limit must be a positive integer: '" + "x".repeat(64) + "...'", e.error().reason());
    }

    @Test
    void aFlagIsTrueOrFalseAndAbsentIsFalse() {
        assertEquals(true, QueryParameters.bool("retain", "true"));
        assertEquals(false, QueryParameters.bool("retain", "false"));
        assertEquals(false, QueryParameters.bool("retain", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "yes", "TRUE", " true"})
    void aFlagThatIsNeitherIsABadRequestThatNamesIt(String value) {
        ApiException e = assertThrows(ApiException.class, () -> QueryParameters.bool("retain", value));
        assertEquals(Response.Status.BAD_REQUEST, e.status());
        assertEquals("retain must be true or false: '" + value + "'", e.error().reason());
    }
}
