package dev.otalab.signing.mapping;

import dev.otalab.signing.service.ProblemException;
import java.util.Locale;

/**
 * Integers as imgtool reads them ("any base", Python's {@code int(text, 0)}): decimal without
 * leading zeros, or {@code 0x}/{@code 0o}/{@code 0b} prefixed, underscores allowed between digits.
 * JSON numbers arrive here as their text.
 */
public final class Numbers {

    private Numbers() {
    }

    /** @throws ProblemException 400 bad-request naming {@code field} */
    public static long parse(String field, String text, long min, long max) {
        long value = parse(field, text);
        if (value < min || value > max) {
            throw ProblemException.badRequest(String.format(Locale.ROOT, "%s: %s is out of range %s..%s",
                    field, text.trim(), format(min), format(max)));
        }
        return value;
    }

    /** @throws ProblemException 400 bad-request naming {@code field} */
    public static long parse(String field, String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int radix = 10;
        if (s.startsWith("0x")) {
            radix = 16;
        } else if (s.startsWith("0o")) {
            radix = 8;
        } else if (s.startsWith("0b")) {
            radix = 2;
        }
        String digits = radix == 10 ? s : s.substring(2);
        if (radix != 10 && digits.startsWith("_")) {
            digits = digits.substring(1);
        }
        boolean bad = digits.isEmpty() || digits.startsWith("_") || digits.endsWith("_") || digits.contains("__")
                || digits.startsWith("+") || digits.startsWith("-")
                || (radix == 10 && digits.length() > 1 && digits.startsWith("0") && !digits.matches("0+"));
        if (!bad) {
            try {
                return Long.parseLong(digits.replace("_", ""), radix);
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw ProblemException.badRequest(field + ": '" + text + "' is not a non-negative integer "
                + "(decimal, or prefixed with 0x, 0o or 0b)");
    }

    private static String format(long v) {
        return v > 0xFFFF ? String.format(Locale.ROOT, "0x%x", v) : Long.toString(v);
    }
}
