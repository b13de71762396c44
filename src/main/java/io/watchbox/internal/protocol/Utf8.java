package io.watchbox.internal.protocol;

/** Sizes in UTF-8 bytes, which is what a socket and a memory bound count. */
public final class Utf8 {

    private Utf8() {
    }

    /** UTF-8 length of a text; each half of a surrogate pair counts 2 of the pair's 4 bytes. */
    public static long length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
