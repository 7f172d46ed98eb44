-- The job list (GET /api/jobs, JobService.list) reads newest first: ORDER BY created_at DESC, id DESC. Derby scans an
-- index in its own order only, so over the ascending (created_at) index it read and sorted every job for each page.
-- Stored in the list's order, the index gives the page without a sort (JobListPlanTest). 150,000 jobs, first page of
-- 50 over REST: 720-1,670 ms before, 98-160 ms after (the rest is the total's COUNT); the statement alone, in memory,
-- 100-630 ms before, 0.6-6 ms after. The same number of indexes: an insert writes one entry here, as before.
DROP INDEX timeos_job_created;
CREATE INDEX timeos_job_created ON timeos_job (created_at DESC, id DESC);
