package io.watchbox.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Values drawn from a {@link Random}, for {@link Seeded} properties: numbers in a range, a choice
 * (plain or weighted), lists, and strings that favour what a parser finds hard.
 */
public final class Draw {

    /** Characters that mean something in JSON, and the letters of its literals. */
    private static final String JSON_CHARS = "{}[]\":,\\/ ntrufalse0123456789-+.eE";

    private Draw() {
    }

    /** A number from min to max, both included. */
    public static int between(Random random, int min, int max) {
        return random.nextInt(min, max + 1);
    }

    @SafeVarargs
    public static <T> T oneOf(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    public static <T> T oneOf(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** The index of one of the weights, each as likely as its weight: {@code index(r, 3, 1)} is 0 three times in four. */
    public static int index(Random random, int... weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        throw new IllegalStateException("weights must be positive");
    }

    /** A list of up to maxSize elements. */
    public static <T> List<T> list(Random random, int maxSize, Function<Random, T> element) {
        return list(random, 0, maxSize, element);
    }

    public static <T> List<T> list(Random random, int minSize, int maxSize, Function<Random, T> element) {
        int size = between(random, minSize, maxSize);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(random));
        }
        return list;
    }

    /**
     * A string of up to maxLength UTF-16 chars of any kind: printable ASCII, JSON's own characters,
     * C0 and C1 controls, lone surrogates (halves of pairs, alone or not) and any other char.
     */
    public static String string(Random random, int maxLength) {
        int length = between(random, 0, maxLength);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(anyChar(random));
        }
        return text.toString();
    }

    /** A string of chars from {@code from} to {@code to}, both included. */
    public static String string(Random random, char from, char to, int minLength, int maxLength) {
        int length = between(random, minLength, maxLength);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) between(random, from, to));
        }
        return text.toString();
    }

    /** A string of chars taken from {@code alphabet}. */
    public static String string(Random random, String alphabet, int minLength, int maxLength) {
        int length = between(random, minLength, maxLength);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Any char, with the ones a JSON parser or a UTF-8 encoder gets wrong drawn more often than by chance. */
    public static char anyChar(Random random) {
        return switch (index(random, 8, 3, 2, 2, 5)) {
            case 0 -> (char) between(random, 0x20, 0x7e);
            case 1 -> JSON_CHARS.charAt(random.nextInt(JSON_CHARS.length()));
            case 2 -> random.nextBoolean() ? (char) between(random, 0x00, 0x1f) : (char) between(random, 0x7f, 0x9f);
            case 3 -> (char) between(random, 0xd800, 0xdfff);
            default -> (char) random.nextInt(0x10000);
        };
    }
}
