-- Observability (issue 11).

-- A rate limit acts when a job is due, long after its event was evaluated: the dispatcher's RateLimited event names the
-- job, and the event's decision row is found by the job it made (one probe, not a scan of every event's decisions).
CREATE INDEX timeos_event_rule_job ON timeos_event_rule (job_id);
-- The first deferral by a rate limit of the job a decision made: which limit (rule or action), its size, and until
-- when the job was deferred. NULL while the job was never held back.
ALTER TABLE timeos_event_rule ADD COLUMN limited_by VARCHAR(16);
ALTER TABLE timeos_event_rule ADD COLUMN limit_per_minute INTEGER;
ALTER TABLE timeos_event_rule ADD COLUMN deferred_to BIGINT;

-- Retention removes ended jobs oldest finish first, a bounded batch at a time (JdbcJobRepository.deleteEnded): this
-- index gives it the oldest finished rows of one status in order, and the batch stops after its limit instead of
-- sorting every ended job. Derby has no partial index, so it holds every job and moves with every status change (a
-- claim, an end); led by finished_at alone it would not (only ends change it), but Derby's optimizer then reads the
-- status-led claim index and sorts the whole status instead (RetentionPlanTest).
CREATE INDEX timeos_job_ended ON timeos_job (status, finished_at);
