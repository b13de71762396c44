package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void aStarMatchesAnyRunOfCharactersTheEmptyOneIncluded() {
        assertTrue(Glob.matches("a*", "a"));
        assertTrue(Glob.matches("a*", "a/b/c"));
        assertTrue(Glob.matches("a/*/c", "a/b/c"));
        assertTrue(Glob.matches("a/*/c", "a/b/x/c"));
        assertTrue(Glob.matches("*b*d", "abcd"));
        assertTrue(Glob.matches("*", ""));
        assertFalse(Glob.matches("a/*/c", "a/b/d"));
        assertFalse(Glob.matches("a*", "ba"));
        assertFalse(Glob.matches("ab", "abc"));
    }

    @Test
    void aBackslashMakesTheNextCharacterLiteral() {
        assertTrue(Glob.matches("a\\*b", "a*b"));
        assertFalse(Glob.matches("a\\*b", "axb"));
        assertTrue(Glob.matches("a\\\\*", "a\\bc"));
        assertTrue(Glob.matches("a\\", "a\\"), "a backslash at the end is itself, as in Redis");
    }

    @Test
    void aPatternOfManyStarsThatDoesNotMatchIsRefusedWithoutExponentialBacktracking() {
        // A filter of 60 + levels, against a 127-character group it does not match.
        String pattern = "w:g:" + "*/".repeat(60) + "x";
        String text = "w:g:" + "a/".repeat(61) + "y";
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Glob.matches(pattern, text),
                "a recursive matcher does not return in a lifetime here");
        assertFalse(matched);
        assertTrue(Glob.matches(pattern, "w:g:" + "a/".repeat(61) + "x"));
    }
}
