-- Speed (issue 9). Derby has no partial index: led by status, this index keeps each status in a range of its own, so
-- the claim (one query per claimable status, JdbcJobRepository) reads that status's rows in the claim's order
-- (priority DESC, perform_at, id), stops after a batch, and never sorts the backlog or visits finished rows.
CREATE INDEX timeos_job_claim ON timeos_job (status, priority DESC, perform_at, id);
