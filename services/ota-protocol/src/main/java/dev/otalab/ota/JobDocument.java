package dev.otalab.ota;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A job document as the server sends it (§6): the answer to {@code Update Availability},
 * published to the device's unique topic.
 *
 * <p>The wire form is the sample publisher's (Python {@code json.dumps} of the CE's
 * {@code ota_update.json}): keys in the file's order ({@code Message, Manufacturer, ManufacturerId,
 * Product, SerialNumber, Board, Version, Connection, Broker|Server, Port, File, UniqueTopicName}),
 * separators {@code ", "} and {@code ": "}, every value a JSON string, absent ({@code null}) fields
 * left out. Because the device does not decode escape sequences, a value that would need one
 * ({@code "}, {@code \}, control characters) or is not plain ASCII is refused rather than escaped;
 * so is a value longer than the device's field buffer (it would be truncated, which silently
 * changes {@code Board}, {@code Version} or {@code Broker}). A document must be below 1024 bytes:
 * the device drops anything longer as malformed and has no room for the terminator at exactly
 * 1024. Every check runs when the record is created, so an instance is always sendable.
 */
public record JobDocument(String message, String manufacturer, String manufacturerId, String product,
        String serialNumber, String board, OtaVersion version, ConnectionType connection, String broker,
        String server, String port, String file, String uniqueTopicName) {

    public static final String UPDATE_AVAILABLE = "Update Available";
    public static final String NO_UPDATE_AVAILABLE = "No Update Available";
    public static final String RESULT_RECEIVED = "Result Received";
    /** Largest document the device takes safely: its buffer is 1024 bytes and needs a terminator. */
    public static final int MAX_BYTES = 1023;

    public JobDocument {
        text("Message", message, 32);
        text("Manufacturer", manufacturer, 64);
        text("ManufacturerId", manufacturerId, 16);
        text("Product", product, 64);
        text("SerialNumber", serialNumber, 32);
        text("Board", board, 48);
        if (version != null) {
            version.checkFitsU16("job document");
            text("Version", version.toString(), 16);
        }
        text("Broker", broker, 256);
        text("Server", server, 256);
        if (broker != null && server != null) {
            throw invalid("set Broker or Server, not both (the device treats them as one field)");
        }
        if (port != null && !port.isEmpty()
                && !(port.matches("\\d{1,5}") && Integer.parseInt(port) <= 0xFFFF)) {
            throw invalid("Port " + OtaProtocolException.quote(port) + " is not empty or a decimal 0..65535");
        }
        text("File", file, 256);
        text("UniqueTopicName", uniqueTopicName, 256);
        int size = wire(message, manufacturer, manufacturerId, product, serialNumber, board, version, connection,
                broker, server, port, file, uniqueTopicName).length();
        if (size > MAX_BYTES) {
            throw new OtaProtocolException(OtaProtocolException.Kind.JOB_DOCUMENT_TOO_LARGE,
                    "job document is " + size + " bytes; the device accepts at most " + MAX_BYTES);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with {@code Message} = {@code Update Available} and {@code Connection} = {@code MQTT}. */
    public static Builder updateAvailable() {
        return new Builder().message(UPDATE_AVAILABLE).connection(ConnectionType.MQTT);
    }

    /**
     * {@code {"Message": "No Update Available", "UniqueTopicName": "…"}}. The device ignores
     * {@code Message} and rejects this as version 0.0.0, so it works as a "no" answer; staying
     * silent works too (the device waits 30 s). {@code uniqueTopicName} may be {@code null}.
     */
    public static JobDocument noUpdateAvailable(String uniqueTopicName) {
        return builder().message(NO_UPDATE_AVAILABLE).uniqueTopicName(uniqueTopicName).build();
    }

    /** A copy for one answer: the same job with the device's unique topic, as the publisher does per request. */
    public JobDocument withUniqueTopicName(String topic) {
        return new JobDocument(message, manufacturer, manufacturerId, product, serialNumber, board, version, connection,
                broker, server, port, file, topic);
    }

    /** The wire bytes (plain ASCII). */
    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The wire text. */
    @Override
    public String toString() {
        return wire(message, manufacturer, manufacturerId, product, serialNumber, board, version, connection, broker,
                server, port, file, uniqueTopicName);
    }

    private static String wire(String message, String manufacturer, String manufacturerId, String product,
            String serialNumber, String board, OtaVersion version, ConnectionType connection, String broker,
            String server, String port, String file, String uniqueTopicName) {
        List<String> pairs = new ArrayList<>(13);
        pair(pairs, "Message", message);
        pair(pairs, "Manufacturer", manufacturer);
        pair(pairs, "ManufacturerId", manufacturerId);
        pair(pairs, "Product", product);
        pair(pairs, "SerialNumber", serialNumber);
        pair(pairs, "Board", board);
        pair(pairs, "Version", version == null ? null : version.toString());
        pair(pairs, "Connection", connection == null ? null : connection.wire());
        pair(pairs, "Broker", broker);
        pair(pairs, "Server", server);
        pair(pairs, "Port", port);
        pair(pairs, "File", file);
        pair(pairs, "UniqueTopicName", uniqueTopicName);
        return "{" + String.join(", ", pairs) + "}";
    }

    private static void pair(List<String> pairs, String key, String value) {
        if (value != null) {
            pairs.add("\"" + key + "\": \"" + value + "\"");
        }
    }

    /** Refuses what the device would mangle: non-ASCII, escape-needing characters, values it truncates. */
    private static void text(String key, String value, int deviceBuffer) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw invalid(key + " " + OtaProtocolException.quote(value)
                        + " has a character outside printable ASCII at index " + i + " (the device does not decode escapes)");
            }
            if (c == '"' || c == '\\') {
                throw invalid(key + " " + OtaProtocolException.quote(value) + " has '" + c
                        + "', which needs an escape the device does not decode");
            }
        }
        if (value.length() > deviceBuffer - 1) {
            throw invalid(key + " is " + value.length() + " characters; the device keeps at most " + (deviceBuffer - 1));
        }
    }

    private static OtaProtocolException invalid(String what) {
        return new OtaProtocolException(OtaProtocolException.Kind.INVALID_JOB_DOCUMENT, "job document: " + what);
    }

    /** Builds a {@link JobDocument}; unset fields are left out of the document. */
    public static final class Builder {
        private String message;
        private String manufacturer;
        private String manufacturerId;
        private String product;
        private String serialNumber;
        private String board;
        private OtaVersion version;
        private ConnectionType connection;
        private String broker;
        private String server;
        private String port;
        private String file;
        private String uniqueTopicName;

        private Builder() {
        }

        public Builder message(String value) {
            this.message = value;
            return this;
        }

        public Builder manufacturer(String value) {
            this.manufacturer = value;
            return this;
        }

        public Builder manufacturerId(String value) {
            this.manufacturerId = value;
            return this;
        }

        public Builder product(String value) {
            this.product = value;
            return this;
        }

        public Builder serialNumber(String value) {
            this.serialNumber = value;
            return this;
        }

        /** Must equal the device's {@code CY_TARGET_BOARD_STRING} exactly, e.g. {@code APP_CY8CPROTO_062S2_43439}. */
        public Builder board(String value) {
            this.board = value;
            return this;
        }

        /** Must be strictly newer than the device's running version; parts ≤ 65535. */
        public Builder version(OtaVersion value) {
            this.version = value;
            return this;
        }

        public Builder connection(ConnectionType value) {
            this.connection = value;
            return this;
        }

        /** MQTT host for the data phase; {@code ""} (or the device's current host) keeps the current broker. */
        public Builder broker(String value) {
            this.broker = value;
            return this;
        }

        /** HTTP(S) host; the device treats {@code Server} and {@code Broker} as the same field. */
        public Builder server(String value) {
            this.server = value;
            return this;
        }

        /** Port for the data phase. */
        public Builder port(int value) {
            if (value < 0 || value > 0xFFFF) {
                throw invalid("Port " + value + " is outside 0..65535");
            }
            this.port = Integer.toString(value);
            return this;
        }

        /**
         * Port as text: decimal digits, or {@code ""} which the device reads as 0 = keep the current
         * port (only when the host stays the same; with a new host the device would connect to port 0).
         */
        public Builder port(String value) {
            this.port = value;
            return this;
        }

        /** HTTP(S) path of the image. */
        public Builder file(String value) {
            this.file = value;
            return this;
        }

        /** The device's unique topic, copied from its request (stored but unused by the device). */
        public Builder uniqueTopicName(String value) {
            this.uniqueTopicName = value;
            return this;
        }

        public JobDocument build() {
            return new JobDocument(message, manufacturer, manufacturerId, product, serialNumber, board, version,
                    connection, broker, server, port, file, uniqueTopicName);
        }
    }
}
