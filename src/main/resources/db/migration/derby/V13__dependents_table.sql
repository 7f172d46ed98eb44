-- Speed (issue 9). Derby has no partial index, so the index on timeos_job.depends_on took a (NULL) entry for every job
-- inserted, though few jobs wait on another: one of the seven entries each job wrote. The jobs that wait are now listed
-- in a table of their own, looked up by the job they wait on (JdbcJobRepository.takeDependents); a row lives while its
-- job may still wait and is removed when that job ends. depends_on stays on the job: it is what the API shows.
CREATE TABLE timeos_job_dependent (
    depends_on VARCHAR(36) NOT NULL,
    job_id     VARCHAR(36) NOT NULL,
    PRIMARY KEY (depends_on, job_id)
);
INSERT INTO timeos_job_dependent (depends_on, job_id)
    SELECT depends_on, id FROM timeos_job WHERE status = 'WAITING' AND depends_on IS NOT NULL;
DROP INDEX timeos_job_depends_on;
