-- job-service schema "jobs" (quarkus.flyway.default-schema): names are unqualified.
--
-- job             one job document per board: which image (and so which version) a board's devices get.
-- job_target      optional serial numbers a job is limited to (none = every device of the board).
-- device          one row per device key (board + SerialNumber as the device reports it), last report.
-- device_report   every Update Availability: identity as sent, reported version, decision.
-- ota_session     one per offered update: unique topic -> board, image, version, device; image-store
--                 resolves it over REST while the device downloads.
-- ota_result      Success / Failure messages, attached to the session of their unique topic.
--
-- Campaigns (later): a campaign table and a per-device execution table (campaign_id, device_key,
-- state) will reference ota_session.id from the execution; ota_session and device_report already
-- carry device_key and job_revision, so an execution can be matched to its offers and results.

CREATE TABLE job (
    board         VARCHAR(47)  PRIMARY KEY,   -- CY_TARGET_BOARD_STRING; the device's Board buffer holds 47
    revision      UUID         NOT NULL,      -- new on every PUT; sessions name the revision that offered them
    image_digest  VARCHAR(128) NOT NULL,      -- lower-case hex, image-store's key
    version       VARCHAR(15)  NOT NULL,      -- a.b.c as sent in the job document (device buffer 16)
    image_size    BIGINT       NOT NULL,
    broker        VARCHAR(255) NOT NULL,      -- '' = the device keeps its current broker
    port          VARCHAR(5)   NOT NULL,      -- '' = the device keeps its current port
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE job_target (
    board         VARCHAR(47)  NOT NULL REFERENCES job (board) ON DELETE CASCADE,
    serial_number VARCHAR(255) NOT NULL,
    PRIMARY KEY (board, serial_number)
);

CREATE TABLE device (
    device_key        VARCHAR(320) PRIMARY KEY,  -- <board>:<SerialNumber as sent, '' when absent>
    board             VARCHAR(47)  NOT NULL,
    serial_number     VARCHAR(255),
    manufacturer      VARCHAR(255),
    manufacturer_id   VARCHAR(255),
    product_id        VARCHAR(255),
    board_name        VARCHAR(255),              -- the device's BoardName literal (not the real board)
    last_version      VARCHAR(40)  NOT NULL,
    last_unique_topic VARCHAR(255) NOT NULL,
    last_decision     VARCHAR(32),
    first_seen        TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen         TIMESTAMP WITH TIME ZONE NOT NULL,
    checks            BIGINT       NOT NULL
);
CREATE INDEX device_board_idx ON device (board, last_seen DESC);

CREATE TABLE ota_session (
    id               UUID         PRIMARY KEY,
    unique_topic     VARCHAR(255) NOT NULL,
    board            VARCHAR(47)  NOT NULL,
    device_key       VARCHAR(320) NOT NULL REFERENCES device (device_key) ON DELETE CASCADE,
    serial_number    VARCHAR(255),
    image_digest     VARCHAR(128) NOT NULL,
    version          VARCHAR(15)  NOT NULL,
    image_size       BIGINT       NOT NULL,
    job_revision     UUID         NOT NULL,     -- job.revision at the offer (no FK: jobs are replaced/deleted)
    reported_version VARCHAR(40)  NOT NULL,     -- what the device ran when it was offered the update
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ota_session_topic_idx ON ota_session (unique_topic, created_at DESC);
CREATE INDEX ota_session_device_idx ON ota_session (device_key, created_at DESC);

CREATE TABLE device_report (
    id               UUID         PRIMARY KEY,
    device_key       VARCHAR(320) NOT NULL REFERENCES device (device_key) ON DELETE CASCADE,
    board            VARCHAR(47)  NOT NULL,     -- from the request topic
    serial_number    VARCHAR(255),
    manufacturer     VARCHAR(255),
    manufacturer_id  VARCHAR(255),
    product_id       VARCHAR(255),
    board_name       VARCHAR(255),
    reported_version VARCHAR(40)  NOT NULL,
    unique_topic     VARCHAR(255) NOT NULL,
    decision         VARCHAR(32)  NOT NULL,     -- UPDATE_AVAILABLE, NO_JOB, NOT_TARGETED, NOT_NEWER, VETOED
    reason           VARCHAR(500) NOT NULL,
    session_id       UUID REFERENCES ota_session (id) ON DELETE SET NULL,
    reported_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX device_report_device_idx ON device_report (device_key, reported_at DESC);
CREATE INDEX device_report_time_idx ON device_report (reported_at);

CREATE TABLE ota_result (
    id           UUID         PRIMARY KEY,
    session_id   UUID REFERENCES ota_session (id) ON DELETE SET NULL,  -- null: no session for the topic
    device_key   VARCHAR(320) REFERENCES device (device_key) ON DELETE CASCADE,
    unique_topic VARCHAR(255) NOT NULL,
    board        VARCHAR(47)  NOT NULL,
    result       VARCHAR(10)  NOT NULL,     -- SUCCESS, FAILURE
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ota_result_session_idx ON ota_result (session_id);
CREATE INDEX ota_result_device_idx ON ota_result (device_key, received_at DESC);
CREATE INDEX ota_result_time_idx ON ota_result (received_at);
