package dev.otalab.jobs.mapping;

import dev.otalab.jobs.model.DeviceReport;
import dev.otalab.jobs.model.OtaResult;
import dev.otalab.jobs.model.OtaSession;
import dev.otalab.jobs.model.RevertBlock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/devices/{key}}: last state, report history, offers and results, newest first. */
@Schema(name = "DeviceDetail")
public record DeviceDetail(DeviceView device, List<Report> reports, List<Session> sessions, List<Result> results,
        @Schema(description = "versions this device reverted from: never offered to it again until an operator "
                + "deletes the block") List<BlockedVersion> blockedVersions) {

    /** A version the device reverted from. */
    @Schema(name = "BlockedVersion")
    public record BlockedVersion(String version, String revertedTo,
            @Schema(description = "the campaign whose execution saw the revert; null for a board job's offer")
            UUID campaignId, String reason, OffsetDateTime blockedAt) {

        public static BlockedVersion of(RevertBlock b) {
            return new BlockedVersion(b.version(), b.revertedTo(), b.campaignId(), b.reason(), b.blockedAt());
        }
    }

    /** One {@code Update Availability} and the answer. */
    @Schema(name = "DeviceReport")
    public record Report(OffsetDateTime reportedAt, String version, String uniqueTopic, String decision,
            String reason, UUID sessionId, String serialNumber, String manufacturer, String manufacturerId,
            String productId, String boardName) {

        public static Report of(DeviceReport r) {
            return new Report(r.reportedAt, r.reportedVersion, r.uniqueTopic, r.decision.name(), r.reason,
                    r.sessionId, r.serialNumber, r.manufacturer, r.manufacturerId, r.productId, r.boardName);
        }
    }

    /** An offered update. */
    @Schema(name = "DeviceSession")
    public record Session(UUID id, String uniqueTopic, String imageDigest, String version, long imageSize,
            String reportedVersion, UUID jobRevision, OffsetDateTime createdAt, OffsetDateTime expiresAt) {

        public static Session of(OtaSession s) {
            return new Session(s.id, s.uniqueTopic, s.imageDigest, s.version, s.imageSize, s.reportedVersion,
                    s.jobRevision, s.createdAt, s.expiresAt);
        }
    }

    /** A {@code Success} / {@code Failure} message. */
    @Schema(name = "OtaResult")
    public record Result(String result, String uniqueTopic, UUID sessionId, OffsetDateTime receivedAt) {

        public static Result of(OtaResult r) {
            return new Result(r.result.name(), r.uniqueTopic, r.sessionId, r.receivedAt);
        }
    }
}
