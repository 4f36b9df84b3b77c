-- Campaigns: REST-triggered rollouts of one image to a board's devices, in waves, with one
-- execution per device; and the revert block (versions a device must never be offered again).
--
-- campaign      the request as given (targets, waves, thresholds) and the campaign's state.
-- execution     one per (campaign, device): state machine QUEUED -> OFFERED -> DOWNLOADING ->
--               DOWNLOADED -> (INSTALLED) -> SUCCEEDED | REVERTED | FAILED | TIMED_OUT | CANCELED.
-- revert_block  a version a device reverted from: vetoed for campaigns and board jobs alike.
-- ota_session   gains the execution that offered it (null for board jobs), when image-store
--               first resolved it (the device started downloading) and when a revert after it was seen.

CREATE TABLE campaign (
    id                   UUID         PRIMARY KEY,
    idempotency_key      VARCHAR(200) NOT NULL UNIQUE,
    request_hash         VARCHAR(64)  NOT NULL,      -- SHA-256 of the normalised request
    name                 VARCHAR(200) NOT NULL,
    board                VARCHAR(47)  NOT NULL,
    image_digest         VARCHAR(128) NOT NULL,
    version              VARCHAR(15)  NOT NULL,      -- from image-store at creation, a.b.c
    image_size           BIGINT       NOT NULL,
    targets              TEXT         NOT NULL,      -- JSON: {"serialNumbers":[..]} | {"percent":n} | {"all":true}
    waves                TEXT         NOT NULL,      -- JSON: [{"size":n} | {"percent":n}, ...]
    success_threshold    INTEGER      NOT NULL,
    abort_failure_types  VARCHAR(100) NOT NULL,      -- comma-separated FAILED,TIMED_OUT,REVERTED ('' = never)
    abort_percent        INTEGER      NOT NULL,
    abort_min_executed   INTEGER      NOT NULL,
    execution_timeout_s  BIGINT       NOT NULL,
    max_attempts         INTEGER      NOT NULL,
    confirm_required     BOOLEAN      NOT NULL,
    state                VARCHAR(16)  NOT NULL,      -- CREATED, RUNNING, PAUSED, SUCCEEDED, ABORTED, CANCELED
    reason               VARCHAR(500),
    current_wave         INTEGER      NOT NULL,      -- waves 1..current_wave are released (0 before start)
    wave_count           INTEGER      NOT NULL,      -- waves with devices, known at start
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at           TIMESTAMP WITH TIME ZONE,
    finished_at          TIMESTAMP WITH TIME ZONE,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
-- At most one campaign per board is RUNNING or PAUSED: it decides what the board's devices get.
CREATE UNIQUE INDEX campaign_active_board_idx ON campaign (board) WHERE state IN ('RUNNING', 'PAUSED');
-- Lookups by board use a plain index (a partial one only serves queries that spell out its predicate).
CREATE INDEX campaign_board_idx ON campaign (board, state);
CREATE INDEX campaign_created_idx ON campaign (created_at DESC);

CREATE TABLE execution (
    id                UUID         PRIMARY KEY,
    campaign_id       UUID         NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    device_key        VARCHAR(320) NOT NULL,        -- no FK: listed serials may not have checked in yet
    wave              INTEGER      NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    attempts          INTEGER      NOT NULL,        -- offers made for a new attempt (retries count)
    offers            INTEGER      NOT NULL,        -- job documents sent (a lost answer is re-sent)
    from_version      VARCHAR(40),                  -- what the device ran when first offered
    last_version      VARCHAR(40),                  -- last version it reported while tracked
    versions_seen     VARCHAR(500) NOT NULL,        -- distinct versions reported while tracked, in order
    session_id        UUID,                         -- the newest offer's ota_session
    reason            VARCHAR(500),
    offered_at        TIMESTAMP WITH TIME ZONE,
    deadline          TIMESTAMP WITH TIME ZONE,     -- offered_at + timeout while in flight
    target_seen_at    TIMESTAMP WITH TIME ZONE,     -- first check that reported the target version
    finished_at       TIMESTAMP WITH TIME ZONE,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (campaign_id, device_key)
);
CREATE INDEX execution_campaign_idx ON execution (campaign_id, wave, state);
-- The device path: a device's executions that can still change (every check).
CREATE INDEX execution_device_idx ON execution (device_key, state);
-- The timeout scheduler: only executions in flight have a deadline (terminal ones set it null).
CREATE INDEX execution_deadline_idx ON execution (deadline);

CREATE TABLE revert_block (
    device_key   VARCHAR(320) NOT NULL,
    version      VARCHAR(15)  NOT NULL,
    board        VARCHAR(47)  NOT NULL,
    campaign_id  UUID,                               -- null: detected on a board job's offer
    reverted_to  VARCHAR(40)  NOT NULL,              -- the version the device reported instead
    reason       VARCHAR(500) NOT NULL,
    blocked_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (device_key, version)
);
CREATE INDEX revert_block_board_idx ON revert_block (board);

ALTER TABLE ota_session ADD COLUMN execution_id UUID REFERENCES execution (id) ON DELETE SET NULL;
ALTER TABLE ota_session ADD COLUMN resolved_at TIMESTAMP WITH TIME ZONE;
-- When a revert after this offer was recorded: one block per offer, so an operator's clearing sticks.
ALTER TABLE ota_session ADD COLUMN revert_seen_at TIMESTAMP WITH TIME ZONE;
