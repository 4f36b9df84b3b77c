package dev.otalab.ota;

import java.nio.charset.StandardCharsets;

/**
 * A message a device publishes on its request topic (§5.1). Each record knows the device's
 * byte-exact {@code sprintf} form ({@link #toDeviceBytes()}); the server reads any of them with
 * {@link DeviceMessageParser#parse(byte[])}.
 *
 * <p>Byte rules of the device templates: no space after {@code "Message":}, exactly one space after
 * every other colon, fields separated by {@code ", "}, no trailing newline, and inserted strings
 * are <em>not</em> JSON-escaped (a quote in a unique topic would break the JSON, exactly as on the
 * device).
 */
public sealed interface DeviceMessage permits UpdateAvailability, RequestUpdate, ResultMessage, RequestDataChunk {

    /** The device's request buffer is {@code CY_OTA_JSON_DOC_BUFF_SIZE} = 1024 bytes including the NUL. */
    int DEVICE_BUFFER_LIMIT = 1023;

    /** The {@code Message} value that identifies this message. */
    String message();

    /** The unique topic the server answers on (the device inserts its own, raw). */
    String uniqueTopicName();

    /**
     * The payload exactly as the device's {@code sprintf} produces it (UTF-8 of the inserted
     * strings, no escaping). Throws {@link OtaProtocolException} ({@code MESSAGE_TOO_LARGE}) when it
     * would exceed 1023 bytes: the device then sends nothing.
     */
    byte[] toDeviceBytes();

    /** Shared by the records: checks the size limit and returns the bytes. */
    static byte[] deviceBytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > DEVICE_BUFFER_LIMIT) {
            throw new OtaProtocolException(OtaProtocolException.Kind.MESSAGE_TOO_LARGE,
                    "device message would be " + bytes.length + " bytes; the device's buffer holds 1023");
        }
        return bytes;
    }

    /** The common head of the three long templates, up to and including {@code "Version": "a.b.c"}. */
    static StringBuilder identityHead(String message, DeviceIdentity id, OtaVersion version) {
        java.util.Objects.requireNonNull(id, "identity");
        java.util.Objects.requireNonNull(version, "version");
        return new StringBuilder(256)
                .append("{\"Message\":\"").append(message).append("\", ")
                .append("\"Manufacturer\": \"").append(require(id.manufacturer(), "manufacturer")).append("\", ")
                .append("\"ManufacturerID\": \"").append(require(id.manufacturerId(), "manufacturerId")).append("\", ")
                .append("\"ProductID\": \"").append(require(id.productId(), "productId")).append("\", ")
                .append("\"SerialNumber\": \"").append(require(id.serialNumber(), "serialNumber")).append("\", ")
                .append("\"BoardName\": \"").append(require(id.boardName(), "boardName")).append("\", ")
                .append("\"Version\": \"").append(version).append('"');
    }

    private static String require(String value, String name) {
        return java.util.Objects.requireNonNull(value, () -> "device identity " + name + " is null");
    }
}
