-- Rules you can trust (issue 13).

-- Every change of a rule (create, patch, enable, disable, delete, reload), who made it and when, with the rule
-- before and after, as the API writes rules. No foreign key: the history outlives the rule.
-- seq orders one rule's changes; they are serialized by the lock on the rule row.
CREATE TABLE timeos_rule_history (
    rule_id     VARCHAR(64)  NOT NULL,
    seq         INTEGER      NOT NULL,
    changed_at  BIGINT       NOT NULL,
    changed_by  VARCHAR(200) NOT NULL,
    change_kind VARCHAR(16)  NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    PRIMARY KEY (rule_id, seq)
);

-- Which running node defines which code or file rule, and in what (a RuleSet class or the rules file). A reload
-- replaces only its own node's rows, and keeps the rows of a RuleSet that failed, so a node never removes a rule
-- another node (another version of the application) still defines. A rule nobody defines is orphaned, not deleted.
CREATE TABLE timeos_rule_definer (
    rule_id    VARCHAR(64)  NOT NULL,
    node_id    VARCHAR(200) NOT NULL,
    defined_in VARCHAR(400) NOT NULL,
    defined_at BIGINT       NOT NULL,
    PRIMARY KEY (rule_id, node_id)
);
CREATE INDEX timeos_rule_definer_node ON timeos_rule_definer (node_id);

-- ACTIVE, or ORPHANED: a code or file rule that no running node defines any more, kept (with its jobs) until an
-- operator deletes it.
ALTER TABLE timeos_rule ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'ACTIVE';

-- Why each rule of an event's type did or did not make a job, for the latest evaluation of the event.
CREATE TABLE timeos_event_rule (
    event_id     VARCHAR(36)   NOT NULL,
    rule_id      VARCHAR(64)   NOT NULL,
    matched      BOOLEAN       NOT NULL,
    reason       VARCHAR(2000) NOT NULL,
    job_id       VARCHAR(36),
    evaluated_at BIGINT        NOT NULL,
    PRIMARY KEY (event_id, rule_id)
);
