package dev.timeos;

import dev.timeos.job.Job;
import dev.timeos.job.JobDetails;
import dev.timeos.job.JobQuery;
import dev.timeos.job.JobRequest;
import dev.timeos.job.JobService;
import dev.timeos.job.JobStatus;
import dev.timeos.job.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;

/**
 * TimeOS in Java: {@code @Inject TimeOS timeos; timeos.schedule(JobRequest.of("send_report").at(monday9am));}.
 * The REST resources call exactly these methods, so both ways behave the same. Calls join the caller's
 * JTA transaction when there is one.
 */
@ApplicationScoped
public class TimeOS {

    @Inject
    JobService jobs;

    /** Creates a job; it runs at {@code request.time()} (now when null). */
    public Job schedule(JobRequest request) {
        return jobs.create(request);
    }

    /** Creates jobs in one transaction; an invalid item is refused without stopping the others. */
    public List<JobService.Created> scheduleAll(List<JobRequest> requests) {
        return jobs.createAll(requests);
    }

    public JobDetails job(String id) {
        return jobs.details(id);
    }

    public Page<Job> jobs(JobQuery query) {
        return jobs.list(query);
    }

    public Job reschedule(String id, Instant time) {
        return jobs.reschedule(id, time);
    }

    public void cancel(String id) {
        jobs.cancel(id);
    }

    public JobService.CancelResult cancel(List<String> ids) {
        return jobs.cancelAll(ids);
    }

    public Page<Job> deadLetters(String ruleId, int limit, int offset) {
        return jobs.list(new JobQuery(JobStatus.DEAD, ruleId, null, null, limit, offset));
    }

    public Job retryDeadLetter(String id) {
        return jobs.retryDead(id);
    }

    public void deleteDeadLetter(String id) {
        jobs.deleteDead(id);
    }

    /** Events and rules arrive with the rule engine; until then there are none to count. */
    public Stats stats() {
        return new Stats(jobs.countByStatus(), 0, 0);
    }
}
