package dev.otalab.jobs.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * The last state of one device ({@code jobs.device}), keyed by {@link DeviceKey}. Written with a
 * native upsert ({@code DeviceRepository#recordCheck}) so concurrent replicas never collide.
 */
@Entity
@Table(name = "device")
public class Device {

    @Id
    @Column(name = "device_key", length = 320)
    public String key;

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

    @Column(name = "last_version", nullable = false, length = 40)
    public String lastVersion;

    @Column(name = "last_unique_topic", nullable = false, length = 255)
    public String lastUniqueTopic;

    @Column(name = "last_decision", length = 32)
    public String lastDecision;

    @Column(name = "first_seen", nullable = false)
    public OffsetDateTime firstSeen;

    @Column(name = "last_seen", nullable = false)
    public OffsetDateTime lastSeen;

    @Column(name = "checks", nullable = false)
    public long checks;
}
