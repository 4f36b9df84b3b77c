package dev.otalab.jobs.mapping;

import dev.otalab.jobs.model.Execution;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One device in a campaign. */
@Schema(name = "Execution")
public record ExecutionView(String deviceKey, int wave, String state, String reason,
        @Schema(description = "offers for a new attempt (retries count)") int attempts,
        @Schema(description = "job documents sent (a repeated check in OFFERED is answered again)") int offers,
        String fromVersion, String lastVersion,
        @Schema(description = "distinct versions reported while tracked, in order") List<String> versionsSeen,
        UUID sessionId, OffsetDateTime offeredAt, OffsetDateTime deadline, OffsetDateTime targetSeenAt,
        OffsetDateTime finishedAt, OffsetDateTime updatedAt) {

    public static ExecutionView of(Execution e) {
        return new ExecutionView(e.deviceKey, e.wave, e.state.name(), e.reason, e.attempts, e.offers, e.fromVersion,
                e.lastVersion, e.versionsSeen.isEmpty() ? List.of() : Arrays.asList(e.versionsSeen.split(",")),
                e.sessionId, e.offeredAt, e.deadline, e.targetSeenAt, e.finishedAt, e.updatedAt);
    }
}
