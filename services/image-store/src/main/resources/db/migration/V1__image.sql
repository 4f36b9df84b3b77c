-- Signed images, content-addressed by the digest of their hash TLV.
-- Flyway runs this in schema "images" (quarkus.flyway.default-schema), so names are unqualified.
CREATE TABLE image (
    digest          VARCHAR(128) PRIMARY KEY,  -- lower-case hex of the hash TLV (64, 96 or 128 chars)
    board           VARCHAR(64)  NOT NULL,     -- CY_TARGET_BOARD_STRING, e.g. APP_CY8CPROTO_062S2_43439
    version         VARCHAR(20)  NOT NULL,     -- major.minor.revision (what the OTA protocol carries)
    mcuboot_version VARCHAR(40)  NOT NULL,     -- major.minor.revision+build
    size            BIGINT       NOT NULL,     -- bytes stored and served
    key_id          VARCHAR(200) NOT NULL,     -- trusted key the upload verified against
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX image_board_version_idx ON image (board, version);
CREATE INDEX image_created_idx ON image (created_at DESC);

-- The bytes, apart from the metadata so that listing never reads them.
CREATE TABLE image_content (
    digest  VARCHAR(128) PRIMARY KEY REFERENCES image (digest) ON DELETE CASCADE,
    content BYTEA        NOT NULL
);
