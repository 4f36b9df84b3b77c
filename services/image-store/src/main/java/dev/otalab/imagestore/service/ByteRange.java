package dev.otalab.imagestore.service;

import dev.otalab.imagestore.mapping.ProblemType;

/**
 * One satisfiable byte range of a representation of {@code size} bytes (RFC 9110 §14.1.2), parsed
 * from a {@code Range} header: {@code bytes=first-last}, {@code bytes=first-} or the suffix form
 * {@code bytes=-n}. A last position beyond the end is clipped (the Infineon HTTP client asks for
 * {@code 4096*k-(4096*(k+1)-1)} and relies on the clipping for the final chunk).
 *
 * @param first offset of the first byte
 * @param last  offset of the last byte, inclusive
 */
public record ByteRange(long first, long last, long size) {

    public long length() {
        return last - first + 1;
    }

    /** {@code bytes first-last/size}. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * @return the range
     * @throws ProblemException 416 for a header that is not one byte range of this image: malformed,
     *         several ranges, another unit, first beyond the end, last before first, an empty suffix
     */
    public static ByteRange parse(String header, long size) {
        String h = header.trim();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
            throw unsatisfiable("Range " + quote(header) + " is not a byte range (bytes=first-last)");
        }
        String spec = h.substring(eq + 1).trim();
        if (spec.contains(",")) {
            throw unsatisfiable("Range " + quote(header) + " asks for several ranges; only one is served");
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw unsatisfiable("Range " + quote(header) + " has no '-'");
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if (a.isEmpty()) {
            long n = number(b, header);
            if (n == 0) {
                throw unsatisfiable("Range " + quote(header) + " asks for the last 0 bytes");
            }
            return new ByteRange(Math.max(0, size - n), size - 1, size);
        }
        long first = number(a, header);
        long last = b.isEmpty() ? size - 1 : number(b, header);
        if (last < first) {
            throw unsatisfiable("Range " + quote(header) + " ends before it starts");
        }
        if (first >= size) {
            throw unsatisfiable("Range " + quote(header) + " starts at or beyond the end of the " + size + "-byte image");
        }
        return new ByteRange(first, Math.min(last, size - 1), size);
    }

    private static long number(String digits, String header) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw unsatisfiable("Range " + quote(header) + " has a position that is not a decimal number");
        }
        return Long.parseLong(digits);
    }

    private static ProblemException unsatisfiable(String detail) {
        return new ProblemException(ProblemType.RANGE_NOT_SATISFIABLE, detail);
    }

    private static String quote(String text) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < Math.min(text.length(), 60); i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return b.append(text.length() > 60 ? "…'" : "'").toString();
    }
}
