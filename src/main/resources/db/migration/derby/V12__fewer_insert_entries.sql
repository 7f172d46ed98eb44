-- Speed (issue 9). Derby has no partial index, so every job writes an entry into each index of timeos_job when it is
-- inserted, NULL keys included, and an entry into each index of timeos_event_rule for each decision of an event. In a
-- profile of Derby's batch insert, 69 % of the time was in those index inserts; in-process, with four writers taking
-- turns (bench/DerbyInserts.java), jobs of events went in at 17,500 rows/s with both job indexes below, 22,700 without.

-- Retention's batch (JdbcJobRepository.deleteEnded) reads timeos_job_due instead: (status, perform_at) gives a
-- removable status's rows oldest due first, and a job that succeeded was due before it finished (it never starts
-- early), so the batch of succeeded jobs stops at the cutoff. This index took a NULL entry for every insert and was
-- rewritten by every end (RetentionPlanTest).
DROP INDEX timeos_job_ended;

-- The job list (GET /api/jobs) reads newest first by id: a job's id is a version 7 UUID made from its creation instant
-- (NewJob.of), so id order is creation order, and one index in the list's order serves both the lookups by id and the
-- list (JobListPlanTest). The primary key's index is ascending, and Derby reads an index in its own order only; a
-- unique index in descending order replaces it.
DROP INDEX timeos_job_created;
ALTER TABLE timeos_job DROP PRIMARY KEY;
CREATE UNIQUE INDEX timeos_job_id ON timeos_job (id DESC);

-- A decision that a rate limit acts on is found by its key, the event and rule of the job it made
-- (EventStore.noteRateLimited), not by the job: every matched decision wrote an entry here.
DROP INDEX timeos_event_rule_job;
