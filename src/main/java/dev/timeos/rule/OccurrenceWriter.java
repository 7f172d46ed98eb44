package dev.timeos.rule;

import dev.timeos.job.JobRequest;
import dev.timeos.job.JobRepository;
import dev.timeos.job.NewJob;
import dev.timeos.store.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/**
 * The planner's write step: one rule's occurrences as jobs, and its {@code last_planned_at}, in one local
 * transaction that first takes the rule row, and only in the version the planning pass read.
 * <p>
 * A pause, change or delete of the rule (RuleService) locks the same row before it cancels the rule's pending
 * jobs, and bumps the version when it commits. So the two serialize on the row: when the write takes it first,
 * the pause waits for this commit and its cancel sees the new jobs; when the pause takes it first, the write
 * waits, then finds another version (or no row) and stores nothing. Either way a paused or deleted rule does
 * not fire again. The next planning pass reads the rule afresh.
 */
final class OccurrenceWriter {

    /*
     * Conditional on the version read and on the rule being enabled; one row changed means the row is ours
     * until commit. The version is not bumped: planning is not a change of the rule's definition, and a JPA
     * writer holding the row's version would otherwise fail with an OptimisticLockException. last_planned_at
     * only moves forward: another node may have planned further ahead with the same version.
     */
    private static final String TAKE_RULE = "UPDATE timeos_rule SET last_planned_at = CASE WHEN last_planned_at IS NULL "
            + "OR last_planned_at < ? THEN CAST(? AS BIGINT) ELSE last_planned_at END, updated_at = ? "
            + "WHERE id = ? AND version = ? AND enabled = TRUE";

    private final DataSource dataSource;
    private final JobRepository jobs;

    OccurrenceWriter(DataSource dataSource, JobRepository jobs) {
        this.dataSource = dataSource;
        this.jobs = jobs;
    }

    /**
     * What one write did.
     *
     * @param current  false when the rule was paused, changed or deleted since the pass read it: nothing was written
     * @param inserted jobs added (an occurrence another node planned first is not added twice)
     * @param earliest the earliest occurrence added, null when none was
     */
    record Written(boolean current, int inserted, Instant earliest) {

        static final Written STALE = new Written(false, 0, null);
    }

    /**
     * Stores {@code occurrences} of {@code rule} as jobs and records the latest of them as planned, if the
     * rule row still has {@code version} and is enabled.
     */
    Written write(Rule rule, long version, List<Instant> occurrences, Instant now) {
        return Jdbc.inTransaction(dataSource, c -> write(c, rule, version, occurrences, now));
    }

    /**
     * The same inside the caller's transaction on {@code c}: when the rule is current, its row stays locked
     * until that transaction ends, and a concurrent pause waits for it.
     */
    Written write(Connection c, Rule rule, long version, List<Instant> occurrences, Instant now) throws SQLException {
        if (occurrences.isEmpty()) {
            throw new IllegalArgumentException("no occurrences to write for rule " + rule.id());
        }
        if (!takeRule(c, rule.id(), version, Collections.max(occurrences), now)) {
            return Written.STALE;
        }
        int inserted = 0;
        Instant earliest = null;
        for (Instant o : occurrences) {
            if (jobs.insertOccurrence(c, NewJob.of(job(rule, o), null, now).occurrence(o))) {
                inserted++;
                if (earliest == null || o.isBefore(earliest)) {
                    earliest = o;
                }
            }
        }
        return new Written(true, inserted, earliest);
    }

    private static boolean takeRule(Connection c, String ruleId, long version, Instant planned, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TAKE_RULE)) {
            ps.setLong(1, planned.toEpochMilli());
            ps.setLong(2, planned.toEpochMilli());
            ps.setLong(3, now.toEpochMilli());
            ps.setString(4, ruleId);
            ps.setLong(5, version);
            return ps.executeUpdate() == 1;
        }
    }

    private static JobRequest job(Rule rule, Instant occurrence) {
        return JobRequest.of(rule.action()).at(occurrence).payload(rule.args()).priority(rule.priority())
                .maxAttempts(rule.maxAttempts()).backoff(rule.backoff()).timeout(rule.timeout()).origin(rule.id(), null);
    }
}
