-- Board pool: agents that registered, their boards and the configured ones, and leases on boards.
-- All pool state lives here so that several controllers can share it (row locks, SKIP LOCKED).

-- A run that waits for a pooled board does not know the board's URL yet.
ALTER TABLE runs ALTER COLUMN board_url DROP NOT NULL;

CREATE TABLE agents (
    id                varchar(64)   PRIMARY KEY,
    url               varchar(2048) NOT NULL,
    version           varchar(64),
    heartbeat_seconds int           NOT NULL,
    status_topic      varchar(256),
    registered_at     timestamptz   NOT NULL,
    last_seen         timestamptz   NOT NULL
);

CREATE TABLE boards (
    id               varchar(64)   PRIMARY KEY,
    agent_id         varchar(64)   REFERENCES agents (id) ON DELETE CASCADE, -- null: from otalab.controller.boards
    url              varchar(2048) NOT NULL,
    kit              varchar(64),
    flashmap         varchar(128),
    capabilities     text[]        NOT NULL DEFAULT '{}',
    maintenance      boolean       NOT NULL DEFAULT false,
    maintenance_note text,
    reported_health  varchar(16),            -- what the agent said at its last heartbeat
    reported_detail  text,
    check_ok         boolean,                -- the controller's last health check; null: not checked yet
    check_detail     text,
    checked_at       timestamptz,
    infra_failures   int           NOT NULL DEFAULT 0, -- runs in a row that ended in infrastructure errors
    infra_detail     text
);

CREATE TABLE leases (
    id          uuid         PRIMARY KEY,
    board_id    varchar(64)  NOT NULL UNIQUE REFERENCES boards (id) ON DELETE CASCADE,
    holder      varchar(256) NOT NULL,
    run_id      uuid,
    ttl_seconds int          NOT NULL,
    created_at  timestamptz  NOT NULL,
    expires_at  timestamptz  NOT NULL
);
CREATE INDEX leases_expiry ON leases (expires_at);
