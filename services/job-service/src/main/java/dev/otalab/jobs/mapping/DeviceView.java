package dev.otalab.jobs.mapping;

import dev.otalab.jobs.model.Device;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A device's last state ({@code GET /api/v1/devices}). */
@Schema(name = "Device")
public record DeviceView(
        @Schema(description = "<board>:<SerialNumber> (<board>: when the device sends none)") String key,
        @Schema(description = "from the request topic") String board,
        String serialNumber, String manufacturer, String manufacturerId, String productId,
        @Schema(description = "the device's BoardName literal (not the real board)") String boardName,
        @Schema(description = "version reported at the last check") String lastVersion,
        String lastUniqueTopic,
        @Schema(description = "decision at the last check") String lastDecision,
        OffsetDateTime firstSeen, OffsetDateTime lastSeen,
        @Schema(description = "Update Availability messages received") long checks) {

    public static DeviceView of(Device d) {
        return new DeviceView(d.key, d.board, d.serialNumber, d.manufacturer, d.manufacturerId, d.productId,
                d.boardName, d.lastVersion, d.lastUniqueTopic, d.lastDecision, d.firstSeen, d.lastSeen, d.checks);
    }
}
