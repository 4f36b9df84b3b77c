package dev.otalab.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Integers "in any base" as imgtool reads them (Python's {@code int(text, 0)}): decimal
 * without leading zeros, or {@code 0x}/{@code 0o}/{@code 0b} prefixed, underscores allowed
 * between digits.
 */
public final class BasedInt implements ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        return parse(text);
    }

    public static long parse(String text) {
        String s = text.trim().toLowerCase();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        int radix = 10;
        if (s.startsWith("0x")) {
            radix = 16;
        } else if (s.startsWith("0o")) {
            radix = 8;
        } else if (s.startsWith("0b")) {
            radix = 2;
        }
        String digits = radix == 10 ? s : s.substring(2);
        if (digits.startsWith("_") && radix != 10) {
            digits = digits.substring(1);
        }
        if (digits.isEmpty() || digits.startsWith("_") || digits.endsWith("_") || digits.contains("__")
                || (radix == 10 && digits.length() > 1 && digits.startsWith("0") && !digits.matches("0+"))) {
            throw invalid(text);
        }
        try {
            long value = Long.parseLong(digits.replace("_", ""), radix);
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("'" + text + "' is not a valid integer. Please use code literals "
                + "prefixed with 0b/0B, 0o/0O, or 0x/0X as necessary.");
    }
}
