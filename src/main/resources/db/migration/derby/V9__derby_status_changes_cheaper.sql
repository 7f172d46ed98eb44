-- Speed (issue 9). Derby has no partial index, so every index holding a column that a claim or an end changes is
-- rewritten (an index row deleted and one inserted) for every job run; a JFR profile of a Derby drain had most of its
-- time there. Two of them go; a drain of 100,000 jobs measured 4,528 -> 5,649 jobs/s with both gone. And one index
-- that only inserts write goes too (the last statement).

-- The reaper's and the hand-back's reads say status = 'RUNNING' (JdbcJobRepository.ORPHAN_COLUMNS): the status-led
-- timeos_job_due gives them the running rows, a few per worker, and they check the lease on those. The index on the
-- lease instant changed with every claim, every end and every lease renewal.
DROP INDEX timeos_job_lease_expiry;

-- Retention's batch (JdbcJobRepository.deleteEnded) wants the oldest finished rows of one ended status. Led by the
-- status (V6), the index moved with every claim and every end; led by finished_at alone it moves only on an end, and
-- the batch's select names it to the optimizer (BoundedDelete.oldestIndex), which would otherwise read a status-led
-- index and sort. The batch reads finished rows oldest first and keeps those of its status: rows that are never
-- removed (DEAD) are passed over by each batch, a cost paid per cleanup, not per job.
DROP INDEX timeos_job_ended;
CREATE INDEX timeos_job_ended ON timeos_job (finished_at);

-- Every insert writes an entry into each index, NULL keys included (no partial indexes). (rule_id) alone is a prefix of
-- two indexes Derby keeps anyway, the occurrence constraint (rule_id, occurrence_at) and timeos_job_rule_running
-- (rule_id, status, occurrence_at), which serve every lookup by rule. Events with three matching rules each (every job
-- with a rule id): 2,329 / 2,591 -> 2,735 / 2,825 events/s, in pairs.
DROP INDEX timeos_job_rule;
