-- Jobs and their executions. Instants are epoch milliseconds UTC (BIGINT): portable across Derby and
-- PostgreSQL, cheap to compare and index, and free of the JVM default time zone.
CREATE TABLE timeos_job (
    id               VARCHAR(36)    NOT NULL PRIMARY KEY,
    rule_id          VARCHAR(64),
    event_id         VARCHAR(36),
    action_name      VARCHAR(200)   NOT NULL,
    target           TEXT,
    args             TEXT           NOT NULL,
    perform_at       BIGINT         NOT NULL,
    priority         INTEGER        NOT NULL,
    status           VARCHAR(16)    NOT NULL,
    attempt          INTEGER        NOT NULL,
    max_attempts     INTEGER        NOT NULL,
    backoff_ms       BIGINT         NOT NULL,
    timeout_ms       BIGINT,
    last_error       TEXT,
    depends_on       VARCHAR(36),
    created_at       BIGINT         NOT NULL,
    updated_at       BIGINT         NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT,
    lease_owner      VARCHAR(200),
    lease_expires_at BIGINT
);
-- Finding due work never scans the table.
CREATE INDEX timeos_job_due ON timeos_job (status, perform_at, priority);
CREATE INDEX timeos_job_depends_on ON timeos_job (depends_on);
CREATE INDEX timeos_job_lease ON timeos_job (lease_owner, status);
CREATE INDEX timeos_job_created ON timeos_job (created_at);
CREATE INDEX timeos_job_rule ON timeos_job (rule_id);
CREATE INDEX timeos_job_event ON timeos_job (event_id);

-- One row per attempt: the audit trail, kept after the job ends.
CREATE TABLE timeos_execution (
    id            BIGINT        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id        VARCHAR(36)   NOT NULL,
    attempt       INTEGER       NOT NULL,
    node          VARCHAR(200)  NOT NULL,
    started_at    BIGINT        NOT NULL,
    finished_at   BIGINT        NOT NULL,
    outcome       VARCHAR(16)   NOT NULL,
    error_message TEXT
);
CREATE INDEX timeos_execution_job ON timeos_execution (job_id);
