package io.lightvibes.service.testing;

/** Byte-string searches for the tests that look for key material where it must not be. */
public final class Bytes {

    private Bytes() {
    }

    /** The first index of {@code needle} in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
