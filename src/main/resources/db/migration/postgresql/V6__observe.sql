-- Observability (issue 11).

-- A rate limit acts when a job is due, long after its event was evaluated: the dispatcher's RateLimited event names the
-- job, and the event's decision row is found by the job it made (one probe, not a scan of every event's decisions).
CREATE INDEX timeos_event_rule_job ON timeos_event_rule (job_id);
-- The first deferral by a rate limit of the job a decision made: which limit (rule or action), its size, and until
-- when the job was deferred. NULL while the job was never held back.
ALTER TABLE timeos_event_rule ADD COLUMN limited_by VARCHAR(16);
ALTER TABLE timeos_event_rule ADD COLUMN limit_per_minute INTEGER;
ALTER TABLE timeos_event_rule ADD COLUMN deferred_to BIGINT;

-- Retention removes ended jobs oldest finish first, a bounded batch at a time (JdbcJobRepository.deleteEnded names the
-- status as a literal, so that this partial index serves it). Partial: only removable rows are in it, so claims and
-- retries (SCHEDULED, RUNNING, FAILED) never write to it; a row enters it once, when it ends.
CREATE INDEX timeos_job_ended ON timeos_job (status, finished_at) WHERE status IN ('SUCCEEDED', 'CANCELLED');
