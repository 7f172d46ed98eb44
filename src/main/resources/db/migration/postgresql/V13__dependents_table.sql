-- Speed (issue 9). The jobs that wait on another are listed in a table of their own, looked up by the job they wait on
-- (JdbcJobRepository.takeDependents), as on Derby, where an index on timeos_job.depends_on took an entry for every job
-- (see its V13). One shape on both stores; here it replaces a partial index that only such jobs wrote. A row lives
-- while its job may still wait and is removed when that job ends. depends_on stays on the job: it is what the API shows.
CREATE TABLE timeos_job_dependent (
    depends_on VARCHAR(36) NOT NULL,
    job_id     VARCHAR(36) NOT NULL,
    PRIMARY KEY (depends_on, job_id)
);
INSERT INTO timeos_job_dependent (depends_on, job_id)
    SELECT depends_on, id FROM timeos_job WHERE status = 'WAITING' AND depends_on IS NOT NULL;
DROP INDEX timeos_job_depends_on;
