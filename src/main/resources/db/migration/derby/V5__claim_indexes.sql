-- Speed (issue 9). Derby has no partial index: led by status, this index keeps each status in a range of its own, so
-- the claim (one query per claimable status, JdbcJobRepository) reads that status's rows in the claim's order
-- (priority DESC, perform_at, id), stops after a batch, and never sorts the backlog or visits finished rows.
CREATE INDEX timeos_job_claim ON timeos_job (status, priority DESC, perform_at, id);
-- Every claim and every end changes a row's lease columns and status, and each index over them is rewritten with it
-- (a JFR profile of a Derby drain: 40 % of the time in index maintenance). (lease_owner, status) served only lookups
-- that also say status = 'RUNNING' or lease_expires_at < ?, which the status-led indexes and timeos_job_lease_expiry
-- serve.
DROP INDEX timeos_job_lease;
