package io.watchbox.internal.routing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SharedSubscriptionTest {

    @Test
    void aShareIsItsNameAndTheRestAsTheFilter() throws BadGroupException {
        assertEquals(new SharedSubscription("workers", "jobs/+/new"), SharedSubscription.parse("$share/workers/jobs/+/new"));
        assertEquals(new SharedSubscription("g", "#"), SharedSubscription.parse("$share/g/#"));
        assertEquals("$share/g/a/b", new SharedSubscription("g", "a/b").pattern());
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/", "$share/name", "$share//a", "$share/na+me/a", "$share/na#/a", "$share/+/a",
            "$share/g/", "$share/g/a/#/b", "$share/g/a+", "$share/g/$share/h/a", "$share/g\u0000/a"})
    void aBadNameOrFilterIsRefusedAsAnyBadFilterIs(String pattern) {
        assertThrows(BadGroupException.class, () -> GroupName.checkFilter(pattern));
    }

    @Test
    void aGoodShareIsAValidFilter() {
        assertDoesNotThrow(() -> GroupName.checkFilter("$share/g/sensors/+/temp"));
        assertDoesNotThrow(() -> GroupName.checkFilter("$share/g/#"));
    }

    @Test
    void whatAPatternRoutesIsTheSharesFilterOrThePatternItself() {
        assertEquals("jobs/#", SharedSubscription.routed("$share/g/jobs/#"));
        assertEquals("jobs/#", SharedSubscription.routed("jobs/#"));
        assertEquals("$shared/g/a", SharedSubscription.routed("$shared/g/a"));
        assertEquals("$share", SharedSubscription.routed("$share"));
    }

    @Test
    void aGroupCannotStartWithTheSharePrefixForNoPatternCouldMatchIt() {
        assertThrows(BadGroupException.class, () -> GroupName.checkTopic("$share/g/t"));
        assertDoesNotThrow(() -> GroupName.checkTopic("$shared/g/t"));
    }

    @Test
    void onlyThePrefixMakesAShare() {
        assertTrue(SharedSubscription.isShared("$share/g/a"));
        assertFalse(SharedSubscription.isShared("$share"));
        assertFalse(SharedSubscription.isShared("a/$share/g/b"));
    }
}
