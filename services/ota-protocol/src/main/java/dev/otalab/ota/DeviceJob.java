package dev.otalab.ota;

import java.util.List;

/**
 * A job document as the device has parsed it ({@code cy_ota_job_parsed_info_t}), produced by
 * {@link DeviceJobParser}. Strings are the device's field buffers read as C strings, one
 * character per byte (ISO-8859-1 view of the raw bytes, escapes not decoded).
 *
 * @param message {@code Message} (logged only; the device never acts on it)
 * @param manufacturer logged only
 * @param manufacturerId logged only ({@code ManufacturerID} or {@code ManufacturerId})
 * @param product logged only
 * @param serialNumber logged only
 * @param versionText the {@code Version} buffer as stored (possibly truncated)
 * @param version the parts the device derived from it, each a 16-bit value; 0.0.0 without {@code Version}
 * @param board {@code Board} ("" when absent)
 * @param connection {@code Connection}, or the current connection type when absent or not recognised
 * @param host {@code Broker}/{@code Server}, or the current host when absent or empty
 * @param port {@code Port} as the device read it (16 bits), or the current port when absent or not a string; 0 for {@code ""}
 * @param file {@code File}
 * @param uniqueTopicName {@code UniqueTopicName} (stored, unused by the device)
 * @param warnings what the device would log as warnings while parsing (unknown keys, non-string values, truncation…)
 */
public record DeviceJob(String message, String manufacturer, String manufacturerId, String product,
        String serialNumber, String versionText, OtaVersion version, String board, ConnectionType connection,
        String host, int port, String file, String uniqueTopicName, List<String> warnings) {

    public DeviceJob {
        warnings = List.copyOf(warnings);
    }
}
