-- Speed (issue 9). Overlap policies look up the latest earlier occurrence of a rule still running
-- (JdbcJobRepository.runningPreviousOccurrence). Its index (rule_id, status, occurrence_at) held every job, and since
-- its key holds the status, every claim and every end rewrote the job's entry (an index row deleted and one inserted),
-- also for the many jobs no time rule planned: two of the seven index rewrites of each job run, in a profile of a
-- Derby drain where index rewrites were half of the dispatcher's time. PostgreSQL has a partial index for this (its
-- V8); Derby has none, but it keeps generated columns and skips an index whose key columns an update leaves unchanged
-- (IndexChanger.update). This column is the rule of a running occurrence and NULL for every other job, so a job that
-- is no occurrence never changes its entry, and an occurrence changes it twice, as before.
ALTER TABLE timeos_job ADD COLUMN running_occurrence_of VARCHAR(64)
    GENERATED ALWAYS AS (CASE WHEN status = 'RUNNING' AND occurrence_at IS NOT NULL THEN rule_id END);
-- Newest first: the lookup wants the latest earlier one, and Derby reads an index only in its own order.
CREATE INDEX timeos_job_running_occurrence ON timeos_job (running_occurrence_of, occurrence_at DESC);
-- What else read it: a rule's pending jobs (cancelPendingOfRule) and a rule's occurrence (the planner) use the
-- occurrence constraint (rule_id, occurrence_at) (DerbyV9PlanTest).
DROP INDEX timeos_job_rule_running;
