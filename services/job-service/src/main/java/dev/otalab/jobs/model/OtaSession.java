package dev.otalab.jobs.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One offered update ({@code jobs.ota_session}): the device's unique topic mapped to the board,
 * image and version it was offered, until {@link #expiresAt}. Unique topics recur (16-bit suffix),
 * so the id is separate and a lookup by topic takes the newest unexpired row (the asking device's
 * own first); creating a session ends the same device's other active session on that topic.
 */
@Entity
@Table(name = "ota_session")
public class OtaSession {

    @Id
    public UUID id;

    @Column(name = "unique_topic", nullable = false, length = 255)
    public String uniqueTopic;

    @Column(name = "board", nullable = false, length = 47)
    public String board;

    @Column(name = "device_key", nullable = false, length = 320)
    public String deviceKey;

    @Column(name = "serial_number", length = 255)
    public String serialNumber;

    @Column(name = "image_digest", nullable = false, length = 128)
    public String imageDigest;

    @Column(name = "version", nullable = false, length = 15)
    public String version;

    @Column(name = "image_size", nullable = false)
    public long imageSize;

    @Column(name = "job_revision", nullable = false)
    public UUID jobRevision;

    @Column(name = "reported_version", nullable = false, length = 40)
    public String reportedVersion;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    /** The campaign execution that made this offer; null for a board job's offer. */
    @Column(name = "execution_id")
    public UUID executionId;

    /** When image-store first resolved the session (the device started downloading); null until then. */
    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;

    /** When a revert after this offer was recorded (the block is made once per offer); null until then. */
    @Column(name = "revert_seen_at")
    public OffsetDateTime revertSeenAt;
}
