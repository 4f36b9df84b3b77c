-- Audit log: one row per image this service signed. Rows are only ever inserted.
-- Flyway runs this in schema "signing" (quarkus.flyway.default-schema), so names are unqualified.
CREATE TABLE signature_record (
    id            UUID         PRIMARY KEY,
    signed_by     VARCHAR(200) NOT NULL,
    key_id        VARCHAR(200) NOT NULL,
    key_type      VARCHAR(20)  NOT NULL,
    image_digest  VARCHAR(128) NOT NULL,   -- lower-case hex of the hash TLV (64 or 96 chars)
    image_version VARCHAR(40)  NOT NULL,   -- major.minor.revision+build
    image_size    BIGINT       NOT NULL,   -- header through unprotected TLVs, without slot padding
    signed_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX signature_record_digest_idx ON signature_record (image_digest);
CREATE INDEX signature_record_key_time_idx ON signature_record (key_id, signed_at DESC);
CREATE INDEX signature_record_time_idx ON signature_record (signed_at DESC);
