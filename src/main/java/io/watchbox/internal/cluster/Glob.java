package io.watchbox.internal.cluster;

import java.util.Arrays;

/**
 * Matches text against the Redis glob patterns {@link GroupChannels} makes: {@code *} for any run
 * of characters, and a backslash before a character meant literally. Used to tell which groups a
 * replica still listens to, as Redis would.
 *
 * <p>In time proportional to the pattern's length times the text's, whatever the pattern: a
 * client's filter of many {@code +} levels becomes a pattern of many stars, which a recursive
 * matcher would take exponential time over, on Redis's client thread.
 */
final class Glob {

    private static final int STAR = -1;

    private Glob() {
    }

    static boolean matches(String pattern, String text) {
        int[] tokens = tokens(pattern);
        int p = 0;
        int t = 0;
        int lastStar = -1;
        int resumeAt = 0;
        while (t < text.length()) {
            if (p < tokens.length && tokens[p] == STAR) {
                lastStar = p++;
                resumeAt = t;
            } else if (p < tokens.length && tokens[p] == text.charAt(t)) {
                p++;
                t++;
            } else if (lastStar >= 0) {
                // The last star takes one character more; earlier stars need never give any back.
                p = lastStar + 1;
                t = ++resumeAt;
            } else {
                return false;
            }
        }
        while (p < tokens.length && tokens[p] == STAR) {
            p++;
        }
        return p == tokens.length;
    }

    /** The pattern's characters, escapes resolved, with {@link #STAR} for each unescaped star. */
    private static int[] tokens(String pattern) {
        int[] tokens = new int[pattern.length()];
        int n = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                tokens[n++] = STAR;
            } else if (c == '\\' && i + 1 < pattern.length()) {
                tokens[n++] = pattern.charAt(++i);
            } else {
                tokens[n++] = c;
            }
        }
        return Arrays.copyOf(tokens, n);
    }
}
