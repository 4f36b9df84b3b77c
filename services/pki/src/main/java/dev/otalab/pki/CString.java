package dev.otalab.pki;

import java.util.List;

/**
 * PEM text as a C string literal for the device's {@code ota_app_config.h}
 * ({@code ROOT_CA_CERTIFICATE}, {@code CLIENT_CERTIFICATE}, {@code CLIENT_KEY}), laid out as
 * Infineon's {@code scripts/format_cert_key.py} prints it: one quoted literal per PEM line with the
 * line's {@code \n} inside the quotes, and a backslash continuation after every literal but the last.
 *
 * <pre>
 * "-----BEGIN CERTIFICATE-----\n"\
 * "MIIB...\n"\
 * "-----END CERTIFICATE-----\n"
 * </pre>
 *
 * The adjacent literals concatenate to the PEM text itself, so mbedTLS parses it unchanged
 * (the length passed to mbedTLS must include the terminating NUL, as the Infineon code does).
 */
public final class CString {

    private CString() {
    }

    /** The literal lines, each ending in {@code \n} (the last without the continuation backslash). */
    public static String of(String pem) {
        List<String> lines = pem.lines().toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("empty PEM text");
        }
        StringBuilder out = new StringBuilder(pem.length() + lines.size() * 6);
        for (int i = 0; i < lines.size(); i++) {
            out.append('"').append(escape(lines.get(i))).append("\\n\"");
            if (i < lines.size() - 1) {
                out.append('\\');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** A complete macro, e.g. {@code #define ROOT_CA_CERTIFICATE \} followed by {@link #of}. */
    public static String define(String macro, String pem) {
        if (!macro.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a C macro name: " + macro);
        }
        return "#define " + macro + " \\\n" + of(pem);
    }

    /* PEM is plain ASCII; escape what would end or corrupt the literal instead of emitting broken C. */
    private static String escape(String line) {
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(String.format("PEM text holds a non-printable character U+%04X on line: %s",
                        (int) c, line.length() > 40 ? line.substring(0, 40) + "..." : line));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
