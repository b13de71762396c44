package io.watchbox.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeededTest {

    @Test
    void aFailureNamesTheSeedTheTryAndTheInput() {
        Random same = new Random(42);
        int first = same.nextInt(1000);
        int second = same.nextInt(1000);

        AssertionError failure = assertThrows(AssertionError.class,
                () -> Seeded.forAll(42, 10, r -> r.nextInt(1000), i -> assertNotEquals(second, i)));

        String message = failure.getMessage();
        assertTrue(message.contains("failed at try " + (first == second ? 1 : 2) + " of 10, seed 42 (replay with -Dwatchbox.seed=42)"), message);
        assertTrue(message.endsWith("input: " + second), message);
    }

    @Test
    void theSameSeedDrawsTheSameInputsAndAnotherOneOthers() {
        assertEquals(drawn(7), drawn(7));
        assertNotEquals(drawn(7), drawn(8));
    }

    @Test
    void theSeedGivenIsTakenAndNoneGivenMeansANewOne() {
        assertEquals(-123, Seeded.seed(" -123 "));
        assertNotEquals(Seeded.seed(null), Seeded.seed(""), "two new seeds (equal once in 2^64)");
    }

    @Test
    void aFailingInputIsShownWithItsControlCharactersEscapedAndCut() {
        assertEquals("a\\u0000\\ud800b", Seeded.shown("a\u0000\ud800b"));
        String shown = Seeded.shown("x".repeat(5000));
        assertTrue(shown.endsWith("... (5000 chars in all)"), shown);
    }

    private static List<Integer> drawn(long seed) {
        List<Integer> inputs = new ArrayList<>();
        Seeded.forAll(seed, 50, r -> r.nextInt(), inputs::add);
        return inputs;
    }
}
