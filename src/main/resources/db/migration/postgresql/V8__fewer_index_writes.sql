-- Speed (issue 9). A claim and an end each write a new version of the job's row, and every index whose predicate the
-- new version meets gets an entry (status is indexed, so no update is HOT). Measured in PostgreSQL's log during a
-- drain: the claim's UPDATE spent ~18 µs per row, most of it in those entries. Two of them served little:
-- * (status, perform_at, priority) over every row: the claim, the next due time and the backlog read the partial
--   indexes of claimable rows (V5), retention the one of ended rows (V6); what is left for it is listing jobs by a
--   status those do not hold. A partial index of those statuses serves that and costs an end nothing.
-- * the running-occurrence index took every running job, also the many that no rule planned; its lookup names a
--   rule (rule_id = ?, which implies the IS NOT NULL).
-- Per no-op job run: 9 index entries -> 7 (claim: primary key, created, lease, status; end: primary key, created,
-- ended).
DROP INDEX timeos_job_due;
CREATE INDEX timeos_job_status ON timeos_job (status, perform_at) WHERE status IN ('WAITING', 'RUNNING', 'DEAD');
DROP INDEX timeos_job_rule_running;
CREATE INDEX timeos_job_rule_running ON timeos_job (rule_id, occurrence_at) WHERE status = 'RUNNING' AND rule_id IS NOT NULL;
