package dev.otalab.jobs.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** One rollout of an image to a board's devices in waves ({@code jobs.campaign}). */
@Entity
@Table(name = "campaign")
public class Campaign {

    @Id
    public UUID id;

    @Column(name = "idempotency_key", nullable = false, length = 200)
    public String idempotencyKey;

    @Column(name = "request_hash", nullable = false, length = 64)
    public String requestHash;

    @Column(name = "name", nullable = false, length = 200)
    public String name;

    @Column(name = "board", nullable = false, length = 47)
    public String board;

    @Column(name = "image_digest", nullable = false, length = 128)
    public String imageDigest;

    @Column(name = "version", nullable = false, length = 15)
    public String version;

    @Column(name = "image_size", nullable = false)
    public long imageSize;

    /** JSON as normalised at creation. */
    @Column(name = "targets", nullable = false)
    public String targets;

    /** JSON array as normalised at creation. */
    @Column(name = "waves", nullable = false)
    public String waves;

    @Column(name = "success_threshold", nullable = false)
    public int successThreshold;

    @Column(name = "abort_failure_types", nullable = false, length = 100)
    public String abortFailureTypes;

    @Column(name = "abort_percent", nullable = false)
    public int abortPercent;

    @Column(name = "abort_min_executed", nullable = false)
    public int abortMinExecuted;

    @Column(name = "execution_timeout_s", nullable = false)
    public long executionTimeoutSeconds;

    @Column(name = "max_attempts", nullable = false)
    public int maxAttempts;

    @Column(name = "confirm_required", nullable = false)
    public boolean confirmRequired;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    public CampaignState state;

    @Column(name = "reason", length = 500)
    public String reason;

    @Column(name = "current_wave", nullable = false)
    public int currentWave;

    @Column(name = "wave_count", nullable = false)
    public int waveCount;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public Set<ExecutionState> abortTypes() {
        if (abortFailureTypes == null || abortFailureTypes.isEmpty()) {
            return EnumSet.noneOf(ExecutionState.class);
        }
        return Arrays.stream(abortFailureTypes.split(",")).map(ExecutionState::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ExecutionState.class)));
    }

    /** Ends the campaign in {@code terminal} with {@code why}. */
    public void finish(CampaignState terminal, String why, OffsetDateTime now) {
        state = terminal;
        reason = why;
        finishedAt = now;
        updatedAt = now;
    }
}
