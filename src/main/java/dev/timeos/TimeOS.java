package dev.timeos;

import dev.timeos.cleanup.Cleanup;
import dev.timeos.cleanup.CleanupResult;
import dev.timeos.cleanup.CleanupStats;
import dev.timeos.cleanup.Retention;
import dev.timeos.cleanup.RetentionSettings;
import dev.timeos.event.DryRun;
import dev.timeos.event.Emitted;
import dev.timeos.event.RuleDecision;
import dev.timeos.event.EventService;
import dev.timeos.event.StoredEvent;
import dev.timeos.event.TemporalEvent;
import dev.timeos.health.HealthReport;
import dev.timeos.job.Job;
import dev.timeos.job.JobDetails;
import dev.timeos.job.JobQuery;
import dev.timeos.job.JobRequest;
import dev.timeos.job.JobService;
import dev.timeos.job.JobStatus;
import dev.timeos.job.Page;
import dev.timeos.rule.CallerName;
import dev.timeos.rule.Rule;
import dev.timeos.rule.RuleChange;
import dev.timeos.rule.RuleLoadProblems;
import dev.timeos.rule.RuleRegistry;
import dev.timeos.rule.RuleService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * TimeOS in Java: {@code @Inject TimeOS timeos; timeos.schedule(JobRequest.of("send_report").at(monday9am));}.
 * The REST resources call exactly these methods, so both ways behave the same. Calls join the caller's
 * JTA transaction when there is one.
 */
@ApplicationScoped
public class TimeOS {

    @Inject
    JobService jobs;

    @Inject
    EventService events;

    @Inject
    RuleService rules;

    @Inject
    RuleRegistry registry;

    @Inject
    RuleLoadProblems loadProblems;

    @Inject
    CallerName caller;

    @Inject
    DryRun dryRuns;

    @Inject
    HealthReport healthReport;

    @Inject
    Cleanup cleanup;

    @Inject
    RetentionSettings retentionSettings;

    // ---- jobs

    /** Creates a job; it runs at {@code request.time()} (now when null). */
    public Job schedule(JobRequest request) {
        return jobs.create(request).orThrow();
    }

    /** Creates jobs in one transaction; an invalid item is refused without stopping the others. */
    public List<Scheduled> scheduleAll(List<JobRequest> requests) {
        return jobs.createAll(requests).stream().map(c -> new Scheduled(c.job(), c.error())).toList();
    }

    public JobDetails job(String id) {
        return jobs.details(id).orThrow();
    }

    public Page<Job> jobs(JobQuery query) {
        Page.checkWindow(query.limit(), query.offset());
        return jobs.list(query);
    }

    public Job reschedule(String id, Instant time) {
        return jobs.reschedule(id, time).orThrow();
    }

    public void cancel(String id) {
        cancel(id, (String) null);
    }

    /** @param by who cancels (a REST caller's principal); null: the Java caller's, or {@code anonymous} */
    public void cancel(String id, String by) {
        jobs.cancel(id, caller.orCurrent(by)).orThrow();
    }

    public Cancellation cancel(List<String> ids) {
        return cancel(ids, null);
    }

    /** @param by who cancels (a REST caller's principal); null: the Java caller's, or {@code anonymous} */
    public Cancellation cancel(List<String> ids, String by) {
        JobService.CancelResult r = jobs.cancelAll(ids, caller.orCurrent(by));
        return new Cancellation(r.cancelled(), r.notFound(), r.notCancellable());
    }

    public Page<Job> deadLetters(String ruleId, int limit, int offset) {
        Page.checkWindow(limit, offset);
        return jobs.list(new JobQuery(JobStatus.DEAD, ruleId, null, null, limit, offset));
    }

    public Job retryDeadLetter(String id) {
        return jobs.retryDead(id).orThrow();
    }

    public void deleteDeadLetter(String id) {
        jobs.deleteDead(id).orThrow();
    }

    // ---- events

    /** Stores the event and the jobs today's rules make of it (or, for a known idempotency key, nothing). */
    public Emitted emit(TemporalEvent event) {
        return events.emit(event).orThrow();
    }

    public List<EmitOutcome> emitAll(List<TemporalEvent> batch) {
        return events.emitAll(batch).stream().map(r -> new EmitOutcome(r.emitted(), r.error())).toList();
    }

    public StoredEvent event(String id) {
        return events.get(id).orThrow();
    }

    /** Why each rule of the event's type did or did not make a job, at its latest evaluation. */
    public List<RuleDecision> eventRules(String id) {
        return events.decisions(id);
    }

    public Page<StoredEvent> events(String type, Boolean processed, int limit, int offset) {
        Page.checkWindow(limit, offset);
        return events.list(type, processed, limit, offset);
    }

    /** Evaluates a stored event against today's rules again. */
    public Emitted replay(String eventId) {
        return events.replay(eventId).orThrow();
    }

    // ---- rules

    /** Creates a rule; its history names the Jakarta Security caller, or {@code anonymous}. */
    public Rule createRule(Rule draft) {
        return createRule(draft, null);
    }

    /** @param by who creates it, for the rule's history (a REST caller's principal); null for the Java caller */
    public Rule createRule(Rule draft, String by) {
        return rules.create(draft, caller.orCurrent(by)).orThrow();
    }

    public Rule rule(String id) {
        return rules.get(id).orThrow();
    }

    public Page<Rule> rules(int limit, int offset) {
        Page.checkWindow(limit, offset);
        return rules.list(limit, offset);
    }

    /** Rules of one status ({@code ORPHANED}: code or file rules no running node defines); null for all. */
    public Page<Rule> rules(Rule.Status status, int limit, int offset) {
        Page.checkWindow(limit, offset);
        return rules.list(status, limit, offset);
    }

    /** Every change of the rule, oldest first, kept after it is deleted. */
    public List<RuleChange> ruleHistory(String id) {
        return rules.history(id).orThrow();
    }

    /**
     * What a rule (not stored) would have done over {@code [from, to)}: the stored events of its type it would have
     * matched and the jobs it would have made, or for a time rule its occurrences. Stores nothing.
     */
    public DryRun.Result dryRun(Rule draft, Instant from, Instant to) {
        return dryRuns.run(draft, from, to).orThrow();
    }

    public List<Instant> nextFireTimes(String ruleId, int count) {
        return rules.nextFireTimes(ruleId, count).orThrow();
    }

    /** JSON merge patch of a rule ({@code {"enabled": false}}, {@code {"priority": 5}}, ...). */
    public Rule updateRule(String id, JsonObject patch) {
        return updateRule(id, patch, null);
    }

    public Rule updateRule(String id, JsonObject patch, String by) {
        return rules.patch(id, patch, caller.orCurrent(by)).orThrow();
    }

    /** Deletes an API rule, or an orphaned code or file rule; cancels its pending jobs. */
    public void deleteRule(String id) {
        deleteRule(id, null);
    }

    public void deleteRule(String id, String by) {
        rules.delete(id, caller.orCurrent(by)).orThrow();
    }

    /** The problems of this node's latest load of code and file rules (what the rule_registry health check reads). */
    public Map<String, String> ruleProblems() {
        return loadProblems.current();
    }

    /** Reads the RuleSet beans and the rules file again. */
    public RuleRegistry.Reloaded reloadRules() {
        return registry.reload();
    }

    /** What {@code GET /api/health} answers: each component's check and the job and rule counts (cached, bounded). */
    public HealthReport.Report health() {
        return healthReport.report();
    }

    // ---- retention

    /** The configured retention (MicroProfile Config {@code timeos.cleanup.*}). */
    public Retention retention() {
        return retentionSettings.retention();
    }

    /** What a cleanup with {@code retention} would remove now. */
    public CleanupStats cleanupStats(Retention retention) {
        return cleanup.stats(retention);
    }

    /** Removes old events, succeeded and cancelled jobs now (never dead letters), in bounded batches. */
    public CleanupResult cleanup(Retention retention) {
        return cleanup.run(retention);
    }

    /** This node's latest cleanup pass, by its timer or a client. */
    public java.util.Optional<CleanupResult> lastCleanup() {
        return cleanup.last();
    }

    public Stats stats() {
        return new Stats(jobs.countByStatus(), events.count(), rules.count());
    }
}
