package dev.otalab.jobs.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One device in one campaign ({@code jobs.execution}). */
@Entity
@Table(name = "execution")
public class Execution {

    static final int MAX_VERSIONS_SEEN = 500;

    @Id
    public UUID id;

    @Column(name = "campaign_id", nullable = false)
    public UUID campaignId;

    @Column(name = "device_key", nullable = false, length = 320)
    public String deviceKey;

    @Column(name = "wave", nullable = false)
    public int wave;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    public ExecutionState state;

    @Column(name = "attempts", nullable = false)
    public int attempts;

    @Column(name = "offers", nullable = false)
    public int offers;

    @Column(name = "from_version", length = 40)
    public String fromVersion;

    @Column(name = "last_version", length = 40)
    public String lastVersion;

    /** Comma-separated, in the order first reported. */
    @Column(name = "versions_seen", nullable = false, length = MAX_VERSIONS_SEEN)
    public String versionsSeen = "";

    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "reason", length = 500)
    public String reason;

    @Column(name = "offered_at")
    public OffsetDateTime offeredAt;

    @Column(name = "deadline")
    public OffsetDateTime deadline;

    @Column(name = "target_seen_at")
    public OffsetDateTime targetSeenAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** Records a reported version (last, and the distinct list while it fits). */
    public void saw(String version) {
        lastVersion = version;
        String padded = "," + versionsSeen + ",";
        if (!padded.contains("," + version + ",")) {
            String next = versionsSeen.isEmpty() ? version : versionsSeen + "," + version;
            if (next.length() <= MAX_VERSIONS_SEEN) {
                versionsSeen = next;
            }
        }
    }

    /** Moves to {@code next} with {@code why}; a terminal state ends the deadline. */
    public void moveTo(ExecutionState next, String why, OffsetDateTime now) {
        state = next;
        reason = why == null ? null : why.length() <= 500 ? why : why.substring(0, 499) + "…";
        updatedAt = now;
        if (next.terminal()) {
            finishedAt = now;
            deadline = null;
        }
    }
}
