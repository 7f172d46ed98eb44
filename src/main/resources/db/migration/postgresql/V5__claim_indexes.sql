-- Speed (issue 9). The claim reads claimable rows in (priority DESC, perform_at, id) order and stops after a batch:
-- an index in exactly that order serves it without sorting the due backlog. Partial, so that finished rows (the
-- bulk of the table after a while) are never in it and never visited by the claim.
CREATE INDEX timeos_job_claim ON timeos_job (priority DESC, perform_at, id) WHERE status IN ('SCHEDULED', 'FAILED');
-- The soonest claimable job (when the dispatcher must wake next): one probe, whatever the priorities.
CREATE INDEX timeos_job_next_due ON timeos_job (perform_at) WHERE status IN ('SCHEDULED', 'FAILED');
-- Every claim and every end changes a row's lease columns and status, and each index over them is rewritten with it
-- (a JFR profile of a Derby drain: 40 % of the time in index maintenance). (lease_owner, status) served only lookups
-- that also say status = 'RUNNING' or lease_expires_at < ?, which timeos_job_due and timeos_job_lease_expiry serve.
DROP INDEX timeos_job_lease;
