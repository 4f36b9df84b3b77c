package dev.otalab.ota;

import java.util.Arrays;

/**
 * A model of the device's streaming JSON tokenizer ({@code cy_JSON_parser} of Infineon
 * connectivity-utilities) as far as the OTA Agent can observe it: it reports every
 * {@code "key": value} pair in document order, at any nesting depth, with the raw bytes of string
 * values (escape sequences are skipped over but not decoded, so {@code \"} does not end a string
 * and stays in the value as two bytes). Numbers, booleans, {@code null}, objects and arrays are
 * reported as "other"; array elements have no key and are not reported.
 *
 * <p>Documents that are valid JSON are tokenized as the device does. Where the device's tokenizer
 * would accept or mis-scan structurally broken text (junk between tokens, bare words, a key
 * without value) this model rejects it as malformed, so a server bug shows up instead of being
 * papered over. Kept from the device: only spaces may precede the first {@code {} or
 * {@code [}; after a complete top-level value only blanks ({@code space \t \n \r \b \f}) or
 * another object/array may follow; control characters and any bytes are allowed inside strings.
 */
final class DeviceJsonTokenizer {

    /** Receives the pairs. */
    interface Handler {
        /** A pair whose value is a JSON string; {@code value} is raw (escapes kept). */
        void onString(byte[] key, byte[] value);

        /** A pair whose value is a number, boolean, null, object or array. */
        void onOther(byte[] key, String type);
    }

    private final byte[] in;
    private final Handler handler;
    private int pos;

    private DeviceJsonTokenizer(byte[] in, Handler handler) {
        this.in = in;
        this.handler = handler;
    }

    /** Tokenizes {@code doc}; throws {@link OtaProtocolException} ({@code MALFORMED_JOB_DOCUMENT}) on a syntax error. */
    static void tokenize(byte[] doc, Handler handler) {
        new DeviceJsonTokenizer(doc, handler).document();
    }

    private void document() {
        while (pos < in.length && in[pos] == ' ') {
            pos++;
        }
        if (pos >= in.length || (in[pos] != '{' && in[pos] != '[')) {
            throw error("document does not start with '{' or '['");
        }
        while (true) {
            value(null);
            while (pos < in.length && isTrailingBlank(in[pos])) {
                pos++;
            }
            if (pos >= in.length) {
                return;
            }
            if (in[pos] != '{' && in[pos] != '[') {
                throw error("unexpected '" + (char) (in[pos] & 0xFF) + "' after the document");
            }
        }
    }

    /** Parses one value at {@code pos}; {@code key} is the pair's key or null for array elements / top level. */
    private void value(byte[] key) {
        skipBlanks();
        if (pos >= in.length) {
            throw error("document ends where a value is expected");
        }
        byte c = in[pos];
        if (c == '"') {
            byte[] text = string();
            if (key != null) {
                handler.onString(key, text);
            }
        } else if (c == '{') {
            if (key != null) {
                handler.onOther(key, "object");
            }
            object();
        } else if (c == '[') {
            if (key != null) {
                handler.onOther(key, "array");
            }
            array();
        } else {
            String type = bareWord();
            if (key != null) {
                handler.onOther(key, type);
            }
        }
    }

    private void object() {
        pos++; // '{'
        skipBlanks();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipBlanks();
            if (peek() != '"') {
                throw error("object key expected");
            }
            byte[] key = string();
            skipBlanks();
            if (peek() != ':') {
                throw error("':' expected after a key");
            }
            pos++;
            value(key);
            skipBlanks();
            int c = peek();
            pos++;
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw error(c < 0 ? "document ends inside an object" : "',' or '}' expected in an object");
            }
        }
    }

    private void array() {
        pos++; // '['
        skipBlanks();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value(null);
            skipBlanks();
            int c = peek();
            pos++;
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw error(c < 0 ? "document ends inside an array" : "',' or ']' expected in an array");
            }
        }
    }

    /** A string at {@code pos} (opening quote); returns the raw bytes between the quotes. */
    private byte[] string() {
        int start = ++pos;
        while (pos < in.length) {
            byte c = in[pos];
            if (c == '\\') {
                pos += 2;
            } else if (c == '"') {
                byte[] raw = Arrays.copyOfRange(in, start, pos);
                pos++;
                return raw;
            } else {
                pos++;
            }
        }
        throw error("unterminated string");
    }

    /** A number, true, false or null; anything else is malformed. */
    private String bareWord() {
        int start = pos;
        while (pos < in.length && !isBlank(in[pos]) && in[pos] != ',' && in[pos] != '}' && in[pos] != ']'
                && in[pos] != ':' && in[pos] != '"' && in[pos] != '{' && in[pos] != '[') {
            pos++;
        }
        String word = new String(in, start, pos - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (word.equals("true") || word.equals("false")) {
            return "boolean";
        }
        if (word.equals("null")) {
            return "null";
        }
        if (word.matches("[-+]?[0-9][0-9.eE+-]*") || word.matches("[-+]?\\.[0-9][0-9eE+-]*")) {
            return "number";
        }
        throw error(word.isEmpty() ? "value expected" : "bad value " + OtaProtocolException.quote(word));
    }

    private int peek() {
        return pos < in.length ? in[pos] & 0xFF : -1;
    }

    private void skipBlanks() {
        while (pos < in.length && isBlank(in[pos])) {
            pos++;
        }
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** What the device tolerates after the document: space and the escape-able control characters. */
    private static boolean isTrailingBlank(byte c) {
        return isBlank(c) || c == '\b' || c == '\f';
    }

    private OtaProtocolException error(String what) {
        return new OtaProtocolException(OtaProtocolException.Kind.MALFORMED_JOB_DOCUMENT,
                "job document: " + what + " at byte " + Math.min(pos, in.length));
    }
}
