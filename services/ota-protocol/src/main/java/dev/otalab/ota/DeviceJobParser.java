package dev.otalab.ota;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The device's reading of a job document (§6.2), modelled on {@code cy_ota_parse_job_info} and
 * {@code cy_OTA_JSON_callback} of Infineon ota-update v4.x, for the emulator's device agent.
 *
 * <ol>
 *   <li>The MQTT payload is the document. More than 1024 bytes is malformed; exactly 1024 leaves
 *       the device no terminator (undefined behaviour) and is modelled as malformed too. A NUL
 *       byte ends the document ({@code strlen}); an empty document is malformed.</li>
 *   <li>Tokenized as {@link DeviceJsonTokenizer} describes; pairs at any depth count. Only string
 *       values are used; a number, boolean, null, array or object value is a warning and ignored
 *       ({@code "Port": 8884} keeps the current port).</li>
 *   <li>Keys match case-insensitively with exact length (the length is the tokenizer's 8-bit
 *       count, so a key of 256 + n bytes is compared on its first n bytes).</li>
 *   <li>Values are {@code memcpy}'d into fixed buffers without clearing them first: a value longer
 *       than its buffer keeps buffer size − 1 bytes; a repeated key overwrites only the length of
 *       the new value, so remnants of a longer earlier value stay (except {@code Broker}/{@code Server},
 *       which clear their buffer, and only for a non-empty value).</li>
 *   <li>{@code Version}: major = {@code atoi} of the buffer, minor = {@code atoi} after the first
 *       {@code .}, build = {@code atoi} after the second, each stored in 16 bits. A missing dot
 *       stops there with a warning; the parts not reached keep their value (0 for a fresh
 *       document), so {@code "2"} reads as 2.0.0. (The device's callback returns "malformed" here,
 *       but the JSON parser ignores callback results, so the document is not rejected.)</li>
 *   <li>{@code Connection}: matched with {@code strncasecmp(value, name, value_len)}, i.e. the value is a
 *       case-insensitive prefix of {@code MQTT}, {@code HTTP} or {@code HTTPS}, tried in that order
 *       ({@code ""} means MQTT); anything else is a warning and keeps the previous type.</li>
 *   <li>{@code Port}: {@code atoi} of the value, stored in 16 bits; {@code ""} gives 0.</li>
 * </ol>
 *
 * <p>Not modelled: the device tokenizer's state carried over from a previous unbalanced document
 * (it prepends the rest of that document to the next one), and reads past an exactly-full field
 * buffer (such a field is taken as its full buffer here).
 */
public final class DeviceJobParser {

    /** The device's job document buffer ({@code CY_OTA_JSON_DOC_BUFF_SIZE}). */
    public static final int DEVICE_BUFFER = 1024;

    private DeviceJobParser() {
    }

    /**
     * Parses a job document as a device currently connected to {@code current} does (absent or
     * empty {@code Broker}, absent {@code Port} and {@code Connection} keep the current values).
     *
     * @throws OtaProtocolException {@code MALFORMED_JOB_DOCUMENT} when the device would reject the document as malformed
     */
    public static DeviceJob parse(byte[] payload, ServerEndpoint current) {
        if (payload == null || payload.length == 0) {
            throw malformed("empty payload");
        }
        if (payload.length > DEVICE_BUFFER) {
            throw malformed(payload.length + " bytes exceed the device's 1024-byte buffer");
        }
        if (payload.length == DEVICE_BUFFER) {
            throw malformed("exactly 1024 bytes leave no room for the terminator (undefined on the device)");
        }
        int length = 0;
        while (length < payload.length && payload[length] != 0) {
            length++;
        }
        if (length == 0) {
            throw malformed("document is empty up to its first NUL byte");
        }
        byte[] doc = length == payload.length ? payload : java.util.Arrays.copyOf(payload, length);
        Fields fields = new Fields(current);
        DeviceJsonTokenizer.tokenize(doc, fields);
        return fields.toJob();
    }

    static OtaProtocolException malformed(String what) {
        return new OtaProtocolException(OtaProtocolException.Kind.MALFORMED_JOB_DOCUMENT, "job document: " + what);
    }

    /** C {@code atoi} as newlib does it on a 32-bit target: blanks, sign, digits, clamped to the int range. */
    static int atoi(byte[] s, int from, int end) {
        int i = from;
        while (i < end && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) {
            i++;
        }
        boolean negative = false;
        if (i < end && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        long value = 0;
        while (i < end && s[i] >= '0' && s[i] <= '9') {
            value = Math.min(value * 10 + (s[i] - '0'), 1L << 32);
            i++;
        }
        value = negative ? -value : value;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    /** The device's parsed-job buffers, filled by the tokenizer's pairs. */
    private static final class Fields implements DeviceJsonTokenizer.Handler {
        private final byte[] message = new byte[32];
        private final byte[] manufacturer = new byte[64];
        private final byte[] manufacturerId = new byte[16];
        private final byte[] product = new byte[64];
        private final byte[] serial = new byte[32];
        private final byte[] appVersion = new byte[16];
        private final byte[] board = new byte[48];
        private final byte[] host = new byte[256];
        private final byte[] file = new byte[256];
        private final byte[] topic = new byte[256];
        private int major;
        private int minor;
        private int build;
        private ConnectionType connection;
        private int port;
        private final List<String> warnings = new ArrayList<>();

        Fields(ServerEndpoint current) {
            byte[] currentHost = current.host().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(currentHost, 0, host, 0, Math.min(currentHost.length, host.length - 1));
            port = current.port();
            connection = current.type();
        }

        @Override
        public void onOther(byte[] key, String type) {
            warnings.add("value of " + keyText(key) + " is a JSON " + type + ", ignored");
        }

        @Override
        public void onString(byte[] key, byte[] value) {
            int keyLength = key.length & 0xFF; // the tokenizer's uint8_t object_string_length
            if (is(key, keyLength, "Message")) {
                copy(message, value, "Message");
            } else if (is(key, keyLength, "Manufacturer")) {
                copy(manufacturer, value, "Manufacturer");
            } else if (is(key, keyLength, "ManufacturerID")) {
                copy(manufacturerId, value, "ManufacturerID");
            } else if (is(key, keyLength, "Product")) {
                copy(product, value, "Product");
            } else if (is(key, keyLength, "SerialNumber")) {
                copy(serial, value, "SerialNumber");
            } else if (is(key, keyLength, "Version")) {
                copy(appVersion, value, "Version");
                splitVersion(value);
            } else if (is(key, keyLength, "Board")) {
                copy(board, value, "Board");
            } else if (is(key, keyLength, "Connection")) {
                connection(value);
            } else if (is(key, keyLength, "Server") || is(key, keyLength, "Broker")) {
                if (value.length > 0) {
                    java.util.Arrays.fill(host, (byte) 0);
                    copy(host, value, "Broker/Server");
                }
            } else if (is(key, keyLength, "Port")) {
                port = atoi(value, 0, value.length) & 0xFFFF;
            } else if (is(key, keyLength, "File")) {
                copy(file, value, "File");
            } else if (is(key, keyLength, "UniqueTopicName")) {
                copy(topic, value, "UniqueTopicName");
            } else {
                warnings.add("unknown field " + keyText(key));
            }
        }

        private void splitVersion(byte[] value) {
            int end = cLength(appVersion);
            major = atoi(appVersion, 0, end) & 0xFFFF;
            int dot = indexOf(appVersion, (byte) '.', 0, end);
            if (dot < 0) {
                warnings.add("bad Version field " + OtaProtocolException.quote(text(value)));
                return;
            }
            minor = atoi(appVersion, dot + 1, end) & 0xFFFF;
            dot = indexOf(appVersion, (byte) '.', dot + 1, end);
            if (dot < 0) {
                warnings.add("bad Version field " + OtaProtocolException.quote(text(value)));
                return;
            }
            build = atoi(appVersion, dot + 1, end) & 0xFFFF;
        }

        private void connection(byte[] value) {
            for (ConnectionType type : ConnectionType.values()) {
                if (isCasePrefix(value, type.wire())) {
                    connection = type;
                    return;
                }
            }
            warnings.add("unknown Connection type " + OtaProtocolException.quote(text(value)));
        }

        private void copy(byte[] buffer, byte[] value, String name) {
            int n = value.length;
            if (n > buffer.length) {
                warnings.add(name + " too long (" + n + " bytes), truncated to " + (buffer.length - 1));
                n = buffer.length - 1;
            }
            System.arraycopy(value, 0, buffer, 0, n);
        }

        DeviceJob toJob() {
            return new DeviceJob(c(message), c(manufacturer), c(manufacturerId), c(product), c(serial), c(appVersion),
                    new OtaVersion(major, minor, build), c(board), connection, c(host), port, c(file), c(topic),
                    warnings);
        }

        private static boolean is(byte[] key, int keyLength, String name) {
            if (keyLength != name.length() || key.length < keyLength) {
                return false;
            }
            for (int i = 0; i < keyLength; i++) {
                if (lower(key[i]) != lower((byte) name.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /** {@code strncasecmp(value, name, value_len) == 0} with {@code name} NUL-terminated. */
        private static boolean isCasePrefix(byte[] value, String name) {
            if (value.length > name.length()) {
                return false;
            }
            for (int i = 0; i < value.length; i++) {
                if (lower(value[i]) != lower((byte) name.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private static int lower(byte b) {
            return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xFF;
        }

        private static int cLength(byte[] buffer) {
            int n = 0;
            while (n < buffer.length && buffer[n] != 0) {
                n++;
            }
            return n;
        }

        private static int indexOf(byte[] s, byte b, int from, int end) {
            for (int i = from; i < end; i++) {
                if (s[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        private static String c(byte[] buffer) {
            return new String(buffer, 0, cLength(buffer), StandardCharsets.ISO_8859_1);
        }

        private static String text(byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        private static String keyText(byte[] key) {
            return OtaProtocolException.quote(text(key));
        }
    }
}
