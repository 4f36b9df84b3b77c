package dev.otalab.jobs.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One {@code Update Availability} as received ({@code jobs.device_report}) and what was decided. */
@Entity
@Table(name = "device_report")
public class DeviceReport {

    @Id
    public UUID id;

    @Column(name = "device_key", nullable = false, length = 320)
    public String deviceKey;

    /** From the request topic, not from the message's {@code BoardName}. */
    @Column(name = "board", nullable = false, length = 47)
    public String board;

    @Column(name = "serial_number", length = 255)
    public String serialNumber;

    @Column(name = "manufacturer", length = 255)
    public String manufacturer;

    @Column(name = "manufacturer_id", length = 255)
    public String manufacturerId;

    @Column(name = "product_id", length = 255)
    public String productId;

    @Column(name = "board_name", length = 255)
    public String boardName;

    @Column(name = "reported_version", nullable = false, length = 40)
    public String reportedVersion;

    @Column(name = "unique_topic", nullable = false, length = 255)
    public String uniqueTopic;

    @Enumerated(EnumType.STRING)
    @Column(name = "decision", nullable = false, length = 32)
    public Decision decision;

    @Column(name = "reason", nullable = false, length = 500)
    public String reason;

    /** The session created for an offer; null otherwise. */
    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "reported_at", nullable = false)
    public OffsetDateTime reportedAt;
}
