package dev.otalab.signing.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of the audit log {@code signing.signature_record} (Flyway {@code V1__signature_record.sql}):
 * who signed which image with which key, and when. Inserted once, never updated.
 */
@Entity
@Table(name = "signature_record")
public class SignatureRecord {

    @Id
    public UUID id;

    @Column(name = "signed_by", nullable = false, length = 200)
    public String signedBy;

    @Column(name = "key_id", nullable = false, length = 200)
    public String keyId;

    @Column(name = "key_type", nullable = false, length = 20)
    public String keyType;

    /** Lower-case hex of the image's hash TLV. */
    @Column(name = "image_digest", nullable = false, length = 128)
    public String imageDigest;

    /** {@code major.minor.revision+build}. */
    @Column(name = "image_version", nullable = false, length = 40)
    public String imageVersion;

    /** Header through the unprotected TLVs, without slot padding. */
    @Column(name = "image_size", nullable = false)
    public long imageSize;

    @Column(name = "signed_at", nullable = false)
    public OffsetDateTime signedAt;
}
