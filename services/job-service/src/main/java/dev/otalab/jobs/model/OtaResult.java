package dev.otalab.jobs.model;

import dev.otalab.ota.ResultMessage;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A {@code Success} or {@code Failure} message ({@code jobs.ota_result}), attached to the newest
 * session of its unique topic; {@link #sessionId} and {@link #deviceKey} are null when no session
 * had that topic.
 */
@Entity
@Table(name = "ota_result")
public class OtaResult {

    @Id
    public UUID id;

    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "device_key", length = 320)
    public String deviceKey;

    @Column(name = "unique_topic", nullable = false, length = 255)
    public String uniqueTopic;

    @Column(name = "board", nullable = false, length = 47)
    public String board;

    @Enumerated(EnumType.STRING)
    @Column(name = "result", nullable = false, length = 10)
    public ResultMessage.Result result;

    @Column(name = "received_at", nullable = false)
    public OffsetDateTime receivedAt;
}
