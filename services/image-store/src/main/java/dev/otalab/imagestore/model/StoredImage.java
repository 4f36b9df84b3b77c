package dev.otalab.imagestore.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * One stored image's metadata, {@code images.image} (Flyway {@code V1__image.sql}). The bytes are in
 * {@link ImageContent}, so listing never reads them. Inserted once, never updated; deleted with its
 * content.
 */
@Entity
@Table(name = "image")
public class StoredImage {

    /** Lower-case hex of the image's hash TLV. */
    @Id
    @Column(length = 128)
    public String digest;

    @Column(nullable = false, length = 64)
    public String board;

    /** {@code major.minor.revision}. */
    @Column(nullable = false, length = 20)
    public String version;

    /** {@code major.minor.revision+build}. */
    @Column(name = "mcuboot_version", nullable = false, length = 40)
    public String mcubootVersion;

    @Column(nullable = false)
    public long size;

    @Column(name = "key_id", nullable = false, length = 200)
    public String keyId;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
