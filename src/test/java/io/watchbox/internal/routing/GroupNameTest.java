package io.watchbox.internal.routing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupNameTest {

    private static final String EMOJI = "😀"; // one code point, two UTF-16 chars

    @ParameterizedTest
    @ValueSource(strings = {"a", "sensors/kitchen/temp", "a//b", "/", "/a/", "ünïcödé/" + EMOJI, "with space", "a.b-c_d"})
    void ordinaryGroupsAreAcceptedForPublishAndSubscribe(String group) {
        assertDoesNotThrow(() -> GroupName.checkTopic(group));
        assertDoesNotThrow(() -> GroupName.checkFilter(group));
    }

    @Test
    void upTo128CharactersAreAllowed() {
        assertDoesNotThrow(() -> GroupName.checkTopic("a".repeat(128)));
        assertDoesNotThrow(() -> GroupName.checkFilter("a".repeat(126) + "/#"));
    }

    /** The attack: "a" and 120 slashes is 121 levels, a tree node each, in 122 characters. */
    @Test
    void aGroupHasAtMost16Levels() {
        assertDoesNotThrow(() -> GroupName.checkTopic("a" + "/b".repeat(15)));
        assertDoesNotThrow(() -> GroupName.checkFilter("a" + "/+".repeat(14) + "/#"));

        BadGroupException deep = assertThrows(BadGroupException.class, () -> GroupName.checkFilter("a" + "/".repeat(120)));
        assertTrue(deep.getMessage().contains("at most 16 levels"), deep::getMessage);
        assertThrows(BadGroupException.class, () -> GroupName.checkTopic("a" + "/b".repeat(16)));
    }

    @Test
    void the129thCharacterIsTooMany() {
        BadGroupException e = assertThrows(BadGroupException.class, () -> GroupName.checkTopic("a".repeat(129)));
        assertTrue(e.getMessage().contains("128"), e.getMessage());
        assertThrows(BadGroupException.class, () -> GroupName.checkFilter("a".repeat(127) + "/#"));
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        // 128 emoji are 256 chars in Java but 128 characters of the contract.
        assertDoesNotThrow(() -> GroupName.checkTopic(EMOJI.repeat(128)));
        assertDoesNotThrow(() -> GroupName.checkTopic(EMOJI.repeat(64) + "a".repeat(64)));
        assertThrows(BadGroupException.class, () -> GroupName.checkTopic(EMOJI.repeat(129)));
        assertThrows(BadGroupException.class, () -> GroupName.checkTopic(EMOJI.repeat(128) + "a"));
        assertDoesNotThrow(() -> GroupName.checkTopic("é".repeat(128)));
    }

    @Test
    void emptyOrMissingGroupIsRejected() {
        assertThrows(BadGroupException.class, () -> GroupName.checkTopic(""));
        assertThrows(BadGroupException.class, () -> GroupName.checkFilter(""));
        assertThrows(BadGroupException.class, () -> GroupName.checkTopic(null));
        assertThrows(BadGroupException.class, () -> GroupName.checkFilter(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "#", "a/+", "a/#", "+/b", "a+b", "a#b", "sensors/#/temp"})
    void wildcardsAreNotAllowedInAPublishGroup(String group) {
        assertThrows(BadGroupException.class, () -> GroupName.checkTopic(group));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "#", "a/+", "a/#", "+/b", "+/+", "+/#", "a/+/c/#", "/+", "/#"})
    void wildcardsFillingWholeLevelsAreAllowedInASubscription(String filter) {
        assertDoesNotThrow(() -> GroupName.checkFilter(filter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/#/b", "#/a", "#/#", "a+", "+a", "a/b+", "a/++", "#a", "a#", "a/b#", "##", "a/#+"})
    void misplacedWildcardsAreRejectedInASubscription(String filter) {
        assertThrows(BadGroupException.class, () -> GroupName.checkFilter(filter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "a\nb", "a\tb", "a\rb", "bell\u0007", "del\u007f", "c1\u0085", "c1\u009f"})
    void controlCharactersAreRejected(String group) {
        assertThrows(BadGroupException.class, () -> GroupName.checkTopic(group));
        assertThrows(BadGroupException.class, () -> GroupName.checkFilter(group));
        assertThrows(BadGroupException.class, () -> GroupName.checkFilter(group + "/#"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD83D", "a\uD83D", "\uD83Db", "\uDE00", "a\uDE00b", "\uDE00\uD83D", "ok/\uD83D\uD83D\uDE00"})
    void loneSurrogatesAreRejected(String group) {
        BadGroupException e = assertThrows(BadGroupException.class, () -> GroupName.checkTopic(group));
        assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
        assertThrows(BadGroupException.class, () -> GroupName.checkFilter(group));
    }
}
