package io.watchbox.testing;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * A property checked over generated inputs drawn from one seeded {@link Random}. The seed is printed
 * before the first try and named in a failure, beside the try and the input that failed; running
 * the test again with {@code -Dwatchbox.seed=<seed>} draws the same inputs in the same order.
 */
public final class Seeded {

    /** The system property that replays a run: its value is the seed a run printed. */
    public static final String SEED_PROPERTY = "watchbox.seed";
    /** How much of a failing input the failure shows. */
    private static final int SHOWN_CHARS = 2_000;

    private Seeded() {
    }

    /**
     * Checks {@code property} on {@code tries} inputs made by {@code generate}, stopping at the first
     * that fails with an {@link AssertionError} naming the seed, the try and the input.
     */
    public static <T> void forAll(int tries, Function<Random, T> generate, ThrowingConsumer<T> property) {
        forAll(seed(System.getProperty(SEED_PROPERTY)), tries, generate, property);
    }

    /** A seed given with {@link #SEED_PROPERTY}, or a new one when none is. */
    static long seed(String given) {
        return given == null || given.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(given.trim());
    }

    static <T> void forAll(long seed, int tries, Function<Random, T> generate, ThrowingConsumer<T> property) {
        String name = caller();
        // The test's own output, where surefire keeps it beside the result: the one number needed to replay the run.
        System.out.printf("%s: %d tries, seed %d (replay with -D%s=%d)%n", name, tries, seed, SEED_PROPERTY, seed);
        Random random = new Random(seed);
        for (int i = 1; i <= tries; i++) {
            T input = generate.apply(random);
            try {
                property.accept(input);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable failure) {
                throw new AssertionError(String.format("%s failed at try %d of %d, seed %d (replay with -D%s=%d): %s%n  input: %s",
                        name, i, tries, seed, SEED_PROPERTY, seed, failure, shown(input)), failure);
            }
        }
    }

    /** The test method that called {@link #forAll}, as Class.method. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(Seeded.class.getName()))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
                .orElse("?"));
    }

    /** The input as text a terminal shows: control characters and surrogates escaped, and cut if long. */
    static String shown(Object input) {
        String text = String.valueOf(input);
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && shown.length() < SHOWN_CHARS; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f || Character.isSurrogate(c)) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.length() < SHOWN_CHARS ? shown.toString() : shown + "... (" + text.length() + " chars in all)";
    }
}
