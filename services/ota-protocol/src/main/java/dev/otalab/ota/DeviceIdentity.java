package dev.otalab.ota;

/**
 * The compile-time literals a device puts into its {@code Update Availability}, {@code Request
 * Update} and {@code Request Data Chunk} messages (§5.1). {@code boardName} is a literal too and
 * is not the real board: the real board is only in the topics and in the job document's
 * {@code Board}.
 *
 * <p>In a message parsed by the server ({@link DeviceMessageParser}) a field the device left out is
 * {@code null}; the device-side encoder requires every field.
 */
public record DeviceIdentity(String manufacturer, String manufacturerId, String productId, String serialNumber,
        String boardName) {

    /** The strings of the {@code mtb-example-ota-mqtt} code example ({@code configs/cy_ota_config.h}). */
    public static final DeviceIdentity CODE_EXAMPLE =
            new DeviceIdentity("Infineon", "ABCD123", "EFGH456", "ABC213450001", "CY8CPROTO_062_4343W");

    /**
     * The library defaults ({@code cy_ota_defaults.h}); the CE does not override the
     * {@code Request Data Chunk} template, so a CE built in chunk-request mode sends these.
     */
    public static final DeviceIdentity LIBRARY_DEFAULT = new DeviceIdentity("Express Widgits Corporation", "EWCO",
            "Easy Widgit", "ABC213450001", "CY8CPROTO_062_4343W");
}
