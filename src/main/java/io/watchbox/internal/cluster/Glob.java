package io.watchbox.internal.cluster;

/**
 * Matches text against the Redis glob patterns {@link GroupChannels} makes: {@code *} for any run
 * of characters, and a backslash before a character meant literally. Used to tell which groups a
 * replica still listens to, as Redis would.
 */
final class Glob {

    private Glob() {
    }

    static boolean matches(String pattern, String text) {
        return matches(pattern, 0, text, 0);
    }

    private static boolean matches(String pattern, int p, String text, int t) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                while (p < pattern.length() && pattern.charAt(p) == '*') {
                    p++;
                }
                if (p == pattern.length()) {
                    return true;
                }
                for (int from = t; from <= text.length(); from++) {
                    if (matches(pattern, p, text, from)) {
                        return true;
                    }
                }
                return false;
            }
            if (c == '\\' && p + 1 < pattern.length()) {
                c = pattern.charAt(++p);
            }
            if (t >= text.length() || text.charAt(t) != c) {
                return false;
            }
            p++;
            t++;
        }
        return t == text.length();
    }
}
