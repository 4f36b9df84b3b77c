package dev.otalab.jobs.mapping;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PUT /api/v1/jobs/{board}}. Unknown fields are refused (a misspelt field is a 400,
 * never silently ignored).
 */
@Schema(name = "JobRequest")
public record JobRequest(
        @Schema(required = true, description = "image-store digest (hex) of the signed image to offer")
        String imageDigest,
        @Schema(description = "MQTT broker for the data phase; empty or absent = the broker the device already uses")
        String broker,
        @Schema(description = "port for the data phase, decimal; empty or absent = the device's current port. Required with a broker")
        String port,
        @Schema(description = "limit the job to these SerialNumber values; empty or absent = every device of the board")
        List<String> serialNumbers) {
}
