-- Speed (issue 9). The job list reads newest first by id, a version 7 UUID made from the job's creation instant
-- (NewJob.of): the primary key, read backwards, serves it, and (created_at) served nothing else. A claim and an end are
-- never HOT updates (status is indexed), so this index also took a new entry on each of them.
DROP INDEX timeos_job_created;
-- A decision that a rate limit acts on is found by its key, the event and rule of the job it made
-- (EventStore.noteRateLimited), not by the job.
DROP INDEX timeos_event_rule_job;
-- Retention keeps its partial index of removable jobs (V6): only ends write it. Derby drops its own (see its V12).
