package io.watchbox.internal.access;

/**
 * Client text made safe for a log line: control characters (newlines among them) are escaped, so
 * a client cannot forge lines, and long text is cut, so a client cannot flood the log.
 */
public final class LogText {

    static final int MAX = 200;

    private LogText() {
    }

    /** The text in double quotes, escaped and cut to {@value #MAX} characters; {@code null} as is. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 16).append('"');
        int end = Math.min(text.length(), MAX);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == 0x2028 || c == 0x2029
                    || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (text.length() > MAX) {
            out.append("... (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
