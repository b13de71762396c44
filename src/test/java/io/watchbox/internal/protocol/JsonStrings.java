package io.watchbox.internal.protocol;

/** Test helper: JSON string escaping that keeps control characters and lone surrogates as \\uXXXX escapes. */
public final class JsonStrings {

    private JsonStrings() {
    }

    /** The string's JSON escaping, without the quotes. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        return "\"" + escape(s) + "\"";
    }
}
