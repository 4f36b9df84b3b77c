package dev.otalab.ota;

/**
 * The only exception this library throws for bad input or a request it cannot honour. The message
 * is always one line (input snippets are shortened and control characters escaped) so a service
 * can log it or put it into a problem response as is; {@link #kind()} is stable and meant for
 * mapping to a problem {@code type}.
 */
public class OtaProtocolException extends RuntimeException {

    /** What went wrong, coarse enough to map to a stable error type. */
    public enum Kind {
        /** A device → server message that is not a usable request (bad JSON, missing field, …). */
        MALFORMED_MESSAGE,
        /** A well-formed device message the server side does not serve (e.g. {@code Send Direct Update}). */
        UNSUPPORTED_MESSAGE,
        /** A job document the device would reject as malformed (device-side parser). */
        MALFORMED_JOB_DOCUMENT,
        /** A job document the server must not send: non-ASCII, characters needing escapes, too long a value. */
        INVALID_JOB_DOCUMENT,
        /** A job document of 1024 bytes or more; the device rejects it. */
        JOB_DOCUMENT_TOO_LARGE,
        /** A topic that is not one of the protocol's topics, or does not belong to the given board. */
        INVALID_TOPIC,
        /** A version text or number the protocol cannot carry. */
        INVALID_VERSION,
        /** A chunk header or chunk request that cannot be encoded or served. */
        INVALID_CHUNK,
        /** A device message that would not fit the device's 1024-byte request buffer. */
        MESSAGE_TOO_LARGE
    }

    private final Kind kind;

    public OtaProtocolException(Kind kind, String message) {
        super(oneLine(message));
        this.kind = kind;
    }

    public OtaProtocolException(Kind kind, String message, Throwable cause) {
        super(oneLine(message), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Quotes a piece of untrusted input for a message: at most 60 characters, control characters escaped. */
    static String quote(CharSequence text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(text.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                b.append(String.format("\\x%02X", (int) c));
            } else {
                b.append(c);
            }
        }
        if (text.length() > n) {
            b.append("…");
        }
        return b.append('\'').toString();
    }

    /** Line breaks become spaces, other control characters {@code \xNN}, so a message is one printable line. */
    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n' || c == '\r') {
                if (b.length() == 0 || b.charAt(b.length() - 1) != ' ') {
                    b.append(' ');
                }
            } else if (c < 0x20 || c == 0x7F) {
                b.append(String.format("\\x%02X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
