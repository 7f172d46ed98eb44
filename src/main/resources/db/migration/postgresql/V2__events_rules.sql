-- Events, rules, and the occurrence key of jobs planned by time triggers.
CREATE TABLE timeos_event (
    id              VARCHAR(36)    NOT NULL PRIMARY KEY,
    type            VARCHAR(200)   NOT NULL,
    payload         TEXT           NOT NULL,
    occurred_at     BIGINT         NOT NULL,
    idempotency_key VARCHAR(200),
    created_at      BIGINT         NOT NULL,
    processed_at    BIGINT,
    -- NULL keys never collide.
    CONSTRAINT timeos_event_idempotency UNIQUE (idempotency_key)
);
CREATE INDEX timeos_event_type ON timeos_event (type, created_at);
CREATE INDEX timeos_event_created ON timeos_event (created_at);

CREATE TABLE timeos_rule (
    id                    VARCHAR(64)    NOT NULL PRIMARY KEY,
    name                  VARCHAR(200)   NOT NULL,
    source                VARCHAR(8)     NOT NULL,
    trigger_json          VARCHAR(2000)  NOT NULL,
    event_type            VARCHAR(200),
    action_name           VARCHAR(200)   NOT NULL,
    args                  TEXT           NOT NULL,
    when_expr             VARCHAR(2000),
    code_condition        BOOLEAN        NOT NULL,
    priority              INTEGER        NOT NULL,
    rate_limit_per_minute INTEGER,
    max_attempts          INTEGER        NOT NULL,
    backoff_ms            BIGINT         NOT NULL,
    timeout_ms            BIGINT,
    overlap_policy        VARCHAR(16)    NOT NULL,
    misfire_policy        VARCHAR(16)    NOT NULL,
    enabled               BOOLEAN        NOT NULL,
    last_planned_at       BIGINT,
    created_at            BIGINT         NOT NULL,
    updated_at            BIGINT         NOT NULL
);
CREATE INDEX timeos_rule_event_type ON timeos_rule (event_type, enabled);

-- Each occurrence of a recurring rule is one job, once per cluster: two nodes planning the same
-- occurrence collide here and one of them backs off.
ALTER TABLE timeos_job ADD COLUMN occurrence_at BIGINT;
ALTER TABLE timeos_job ADD CONSTRAINT timeos_job_occurrence UNIQUE (rule_id, occurrence_at);
