-- Runs of plans on boards, their cases and steps, and the run log (incl. UART lines).
CREATE TABLE runs (
    id          uuid PRIMARY KEY,
    plan        varchar(64)  NOT NULL,
    board_url   varchar(2048) NOT NULL,
    board_id    varchar(64),
    status      varchar(16)  NOT NULL,
    message     text,
    created_at  timestamptz  NOT NULL,
    started_at  timestamptz,
    ended_at    timestamptz
);
CREATE INDEX runs_created ON runs (created_at);

CREATE TABLE cases (
    id          uuid PRIMARY KEY,
    run_id      uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position    int  NOT NULL,
    name        varchar(64) NOT NULL,
    status      varchar(16) NOT NULL,
    message     text,
    started_at  timestamptz,
    ended_at    timestamptz,
    duration_ms bigint,
    variables   text,
    UNIQUE (run_id, position)
);

CREATE TABLE steps (
    id          uuid PRIMARY KEY,
    case_id     uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position    int  NOT NULL,
    kind        varchar(16) NOT NULL,
    description text NOT NULL,
    status      varchar(16) NOT NULL,
    started_at  timestamptz,
    ended_at    timestamptz,
    duration_ms bigint,
    attempts    int,
    message     text,
    expected    text,
    actual      text,
    UNIQUE (case_id, position)
);

CREATE TABLE log_lines (
    run_id      uuid   NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq         bigint NOT NULL,
    at          timestamptz NOT NULL,
    type        varchar(16) NOT NULL,
    case_name   varchar(64),
    text        text NOT NULL,
    PRIMARY KEY (run_id, seq)
);
