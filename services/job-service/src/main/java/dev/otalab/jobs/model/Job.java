package dev.otalab.jobs.model;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.TreeSet;
import java.util.UUID;
import java.util.SortedSet;
import org.hibernate.annotations.SortNatural;

/**
 * The job document of one board ({@code jobs.job}): the image its devices should run, with the
 * version and size image-store reported when the job was written, and optionally the serial
 * numbers it is limited to ({@code jobs.job_target}).
 */
@Entity
@Table(name = "job")
public class Job {

    /** {@code CY_TARGET_BOARD_STRING}, e.g. {@code APP_CY8CPROTO_062S2_43439}. */
    @Id
    @Column(name = "board", length = 47)
    public String board;

    /** New on every write; an OTA session records the revision that offered it. */
    @Column(name = "revision", nullable = false)
    public UUID revision;

    @Column(name = "image_digest", nullable = false, length = 128)
    public String imageDigest;

    /** {@code a.b.c}, exactly as the job document carries it. */
    @Column(name = "version", nullable = false, length = 15)
    public String version;

    @Column(name = "image_size", nullable = false)
    public long imageSize;

    /** {@code ""} = the device keeps its current broker. */
    @Column(name = "broker", nullable = false, length = 255)
    public String broker;

    /** {@code ""} = the device keeps its current port. */
    @Column(name = "port", nullable = false, length = 5)
    public String port;

    /** Empty = every device of the board. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "job_target", joinColumns = @JoinColumn(name = "board"))
    @Column(name = "serial_number", nullable = false, length = 255)
    @SortNatural
    public SortedSet<String> serialNumbers = new TreeSet<>();

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
