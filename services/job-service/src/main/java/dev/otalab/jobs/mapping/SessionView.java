package dev.otalab.jobs.mapping;

import dev.otalab.jobs.model.OtaSession;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/ota-sessions/{uniqueTopic}}: exactly the fields of the OTA contract. */
@Schema(name = "OtaSession")
public record SessionView(String uniqueTopic, String board, String imageDigest,
        @Schema(description = "a.b.c offered in the job document") String version,
        @Schema(description = "the device's SerialNumber; null when it sent none", nullable = true) String serialNumber,
        OffsetDateTime createdAt, OffsetDateTime expiresAt) {

    public static SessionView of(OtaSession s) {
        return new SessionView(s.uniqueTopic, s.board, s.imageDigest, s.version, s.serialNumber, s.createdAt,
                s.expiresAt);
    }
}
