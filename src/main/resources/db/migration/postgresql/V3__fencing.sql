-- Fencing. Every change of a job's state adds one to its version; every write to a claimed job names the
-- version its claim produced, so a writer that lost its lease (stall, outage, reaped) changes zero rows.
-- The attempt alone cannot fence: an attempt that never started is handed back uncounted, and the next
-- claim reuses its number.
ALTER TABLE timeos_job ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
-- A rule's version: a planning pass inserts occurrences only for the rule version it read, so a pause or
-- delete that commits meanwhile wins.
ALTER TABLE timeos_rule ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
-- Expired leases (the reaper) are found by expiry, not by scanning RUNNING rows. Not led by status: Derby's
-- optimizer would otherwise take it for the claim's status predicate.
CREATE INDEX timeos_job_lease_expiry ON timeos_job (lease_expires_at);
-- Overlap policies find the latest earlier occurrence of a rule still running with one probe.
CREATE INDEX timeos_job_rule_running ON timeos_job (rule_id, status, occurrence_at);
