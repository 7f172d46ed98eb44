package dev.timeos.rule;

import dev.timeos.store.Dialect;
import dev.timeos.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.timeos.rule.Rules.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The planner's write step on both real databases: a planning pass stores a rule's occurrences only for the
 * rule version it read, and a pause or delete of the rule (RuleService: lock the row, cancel its pending jobs,
 * change the row, commit) serializes with it on the rule row, whichever comes first. No clock, no sleeping: the
 * concurrent cases wait, bounded, until the database reports the other transaction blocked on a lock.
 */
class OccurrenceWriterTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final String RULE_ID = "rule-1";
    private static final long VERSION_READ = 3;
    private static final Rule RULE = new Rules().every(minutes(1)).perform("noop").build().get(0).withId(RULE_ID);
    private static final List<Instant> NEXT_THREE = List.of(T0.plusSeconds(60), T0.plusSeconds(120), T0.plusSeconds(180));
    private static final Duration BOUND = Duration.ofSeconds(20);

    static List<Dialect> dialects() {
        return TestDatabases.dialects();
    }

    private final ExecutorService otherTransaction = Executors.newSingleThreadExecutor();
    private final List<Connection> open = new ArrayList<>();
    private Dialect dialect;
    private DataSource ds;
    private OccurrenceWriter writer;

    private void open(Dialect d) throws SQLException {
        dialect = d;
        ds = TestDatabases.fresh(d);
        writer = new OccurrenceWriter(ds, new dev.timeos.job.JdbcJobRepository(d));
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO timeos_rule (id, name, source, trigger_json, action_name, args, code_condition, priority, "
                        + "max_attempts, backoff_ms, overlap_policy, misfire_policy, enabled, last_planned_at, created_at, "
                        + "updated_at, version) VALUES (?, 'every minute', 'API', '{\"every\":\"PT1M\"}', 'noop', '{}', "
                        + "FALSE, 0, 3, 1000, 'RUN', 'FIRE_ONCE', TRUE, ?, ?, ?, ?)")) {
            ps.setString(1, RULE_ID);
            ps.setLong(2, T0.toEpochMilli());
            ps.setLong(3, T0.minusSeconds(3600).toEpochMilli());
            ps.setLong(4, T0.minusSeconds(3600).toEpochMilli());
            ps.setLong(5, VERSION_READ);
            ps.executeUpdate();
        }
    }

    /** A transaction of its own, for the other side of a race; rolled back and closed after each test. */
    private Connection transaction() throws SQLException {
        Connection c = ds.getConnection();
        open.add(c);
        c.setAutoCommit(false);
        return c;
    }

    @AfterEach
    void closeTransactions() throws Exception {
        for (Connection c : open) {
            try (c) {
                c.rollback();
            }
        }
        otherTransaction.shutdownNow();
        assertThat(otherTransaction.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    /** What RuleService does first for a PATCH or DELETE (findForChange): the rule's row taken exclusively. */
    private void lockRule(Connection c) throws SQLException {
        RuleLocks.takeForChange(c, List.of(RULE_ID));
    }

    /** JobService.cancelPending, then the change of the rule as JPA flushes it at commit. */
    private void pause(Connection c) throws SQLException {
        cancelPending(c);
        update(c, "UPDATE timeos_rule SET enabled = FALSE, version = version + 1 WHERE id = ?");
    }

    private void delete(Connection c) throws SQLException {
        cancelPending(c);
        update(c, "DELETE FROM timeos_rule WHERE id = ?");
    }

    private void cancelPending(Connection c) throws SQLException {
        new dev.timeos.job.JdbcJobRepository(dialect).cancelPendingOfRule(c, RULE_ID, "paused", T0);
    }

    private static void update(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, RULE_ID);
            ps.executeUpdate();
        }
    }

    /** Is a statement of another session waiting for a lock held by {@code holder}'s transaction? */
    private boolean blockedBy(Connection holder) throws SQLException {
        return TestDatabases.blockedBy(ds, dialect, holder);
    }

    private static int intOf(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** When the rule's jobs in the given status are due (an occurrence's job is due at its occurrence), oldest first. */
    private List<Instant> jobs(String status) throws SQLException {
        List<Instant> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT perform_at FROM timeos_job WHERE rule_id = ? AND status = ? ORDER BY perform_at")) {
            ps.setString(1, RULE_ID);
            ps.setString(2, status);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Instant.ofEpochMilli(rs.getLong(1)));
                }
            }
        }
        return out;
    }

    private int jobCount() throws SQLException {
        try (Connection c = ds.getConnection()) {
            return intOf(c, "SELECT COUNT(*) FROM timeos_job");
        }
    }

    private Instant lastPlannedAt() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT last_planned_at FROM timeos_rule WHERE id = ?")) {
            ps.setString(1, RULE_ID);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long at = rs.getLong(1);
                return rs.wasNull() ? null : Instant.ofEpochMilli(at);
            }
        }
    }

    private long version() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT version FROM timeos_rule WHERE id = ?")) {
            ps.setString(1, RULE_ID);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private OccurrenceWriter.Written write(List<Instant> occurrences) {
        return writer.write(RULE, VERSION_READ, occurrences, T0);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aCurrentRuleGetsEachOccurrenceOnceAndItsLastPlannedOccurrenceMovesOnlyForward(Dialect d) throws SQLException {
        open(d);

        assertThat(write(NEXT_THREE)).isEqualTo(new OccurrenceWriter.Written(true, 3, T0.plusSeconds(60)));
        assertThat(jobs("SCHEDULED")).containsExactlyElementsOf(NEXT_THREE);
        assertThat(lastPlannedAt()).isEqualTo(T0.plusSeconds(180));

        // Another node planning the same occurrences adds nothing; one behind does not move the mark back.
        assertThat(write(NEXT_THREE)).isEqualTo(new OccurrenceWriter.Written(true, 0, null));
        assertThat(write(List.of(T0.plusSeconds(60)))).isEqualTo(new OccurrenceWriter.Written(true, 0, null));
        assertThat(jobs("SCHEDULED")).containsExactlyElementsOf(NEXT_THREE);
        assertThat(lastPlannedAt()).isEqualTo(T0.plusSeconds(180));
        // Planning is no change of the rule: a JPA writer holding this version does not fail for it.
        assertThat(version()).isEqualTo(VERSION_READ);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aPauseCommittedAfterThePassReadTheRuleWinsAndNothingIsStored(Dialect d) throws SQLException {
        open(d);
        Connection pause = transaction();
        lockRule(pause);
        pause(pause);
        pause.commit();

        assertThat(write(NEXT_THREE)).isEqualTo(OccurrenceWriter.Written.STALE);
        assertThat(jobCount()).isZero();
        assertThat(lastPlannedAt()).isEqualTo(T0);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aRuleChangedAndEnabledAgainSinceThePassReadItGetsNothingFromThatPass(Dialect d) throws SQLException {
        open(d);
        try (Connection c = ds.getConnection()) {
            update(c, "UPDATE timeos_rule SET version = version + 2 WHERE id = ?");
        }

        assertThat(write(NEXT_THREE).current()).isFalse();
        assertThat(jobCount()).isZero();
        assertThat(lastPlannedAt()).isEqualTo(T0);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aDeletedRuleGetsNoJobs(Dialect d) throws SQLException {
        open(d);
        Connection delete = transaction();
        lockRule(delete);
        delete(delete);
        delete.commit();

        assertThat(write(NEXT_THREE)).isEqualTo(OccurrenceWriter.Written.STALE);
        assertThat(jobCount()).isZero();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aPauseUnderWayMakesThePlannerWaitAndThenStoreNothing(Dialect d) throws Exception {
        open(d);
        Connection pause = transaction();
        lockRule(pause);

        Future<OccurrenceWriter.Written> planning = otherTransaction.submit(() -> write(NEXT_THREE));
        await().atMost(BOUND).until(() -> blockedBy(pause));
        assertThat(planning).isNotDone();
        pause(pause);
        pause.commit();

        assertThat(planning.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(OccurrenceWriter.Written.STALE);
        assertThat(jobCount()).isZero();
        assertThat(lastPlannedAt()).isEqualTo(T0);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aDeleteUnderWayMakesThePlannerWaitAndThenStoreNothing(Dialect d) throws Exception {
        open(d);
        Connection delete = transaction();
        lockRule(delete);
        delete(delete);

        Future<OccurrenceWriter.Written> planning = otherTransaction.submit(() -> write(NEXT_THREE));
        await().atMost(BOUND).until(() -> blockedBy(delete));
        assertThat(planning).isNotDone();
        delete.commit();

        assertThat(planning.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(OccurrenceWriter.Written.STALE);
        assertThat(jobCount()).isZero();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aPauseThatComesWhileThePlannerWritesWaitsAndCancelsWhatItWrote(Dialect d) throws Exception {
        open(d);
        Connection planning = transaction();
        assertThat(writer.write(planning, RULE, VERSION_READ, NEXT_THREE, T0).inserted()).isEqualTo(3);

        Future<?> pausing = pauseInAnotherTransaction();
        await().atMost(BOUND).until(() -> blockedBy(planning));
        assertThat(pausing).isNotDone();
        planning.commit();

        pausing.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(jobs("CANCELLED")).containsExactlyElementsOf(NEXT_THREE);
        assertThat(jobs("SCHEDULED")).isEmpty();
        assertThat(write(NEXT_THREE).current()).isFalse();
    }

    /** A PATCH that pauses the rule, as RuleService runs it, in a transaction of its own on the other thread. */
    private Future<?> pauseInAnotherTransaction() {
        return otherTransaction.submit(() -> {
            try (Connection pause = ds.getConnection()) {
                pause.setAutoCommit(false);
                lockRule(pause);
                pause(pause);
                pause.commit();
            }
            return null;
        });
    }

    // ---- the same rule as an event rule: an event's read of its rules (RuleLocks.holdForEvents) against a pause

    private static final String EVENT_TYPE = "order_placed";
    private static final Instant EVENT_JOB_DUE = T0.plus(Duration.ofDays(7));

    private void makeItAnEventRule() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE timeos_rule SET event_type = ?, trigger_json = '{\"event\":\"order_placed\",\"offset\":\"P7D\"}' "
                        + "WHERE id = ?")) {
            ps.setString(1, EVENT_TYPE);
            ps.setString(2, RULE_ID);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /** What EventService does first for an event: the rules of its type read, and held. */
    private void readRules(Connection event) throws SQLException {
        RuleLocks.holdForEvents(event, dialect, List.of(EVENT_TYPE, "another_type"));
    }

    /** Then the job of the rule that matched. */
    private void storeJob(Connection event) throws SQLException {
        new dev.timeos.job.JdbcJobRepository(dialect).insert(event, List.of(new dev.timeos.job.NewJob("event-job", RULE_ID,
                "event-1", "noop", null, "{}", EVENT_JOB_DUE, 0, dev.timeos.job.JobStatus.SCHEDULED, 3,
                Duration.ofSeconds(1), null, null, null, T0)));
    }

    /** An event, in a transaction of its own on the other thread: its rules read and held. @return its rule's enabled */
    private Future<Boolean> eventInAnotherTransaction() {
        return otherTransaction.submit(() -> {
            try (Connection event = ds.getConnection()) {
                event.setAutoCommit(false);
                readRules(event);
                boolean enabled = enabled(event);
                event.commit();
                return enabled;
            }
        });
    }

    private static boolean enabled(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT enabled FROM timeos_rule WHERE id = ?")) {
            ps.setString(1, RULE_ID);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * The race a review found: the event read its rule enabled, the pause cancelled the rule's pending jobs (not yet
     * seeing the event's), and the event's job was stored after the pause: a paused rule's job ran a week later.
     */
    @ParameterizedTest
    @MethodSource("dialects")
    void anEventUnderWayMakesAPauseOfItsRuleWaitAndThenCancelItsJob(Dialect d) throws Exception {
        open(d);
        makeItAnEventRule();
        Connection event = transaction();
        readRules(event);

        // The pause waits at the rule's row, before it looks for the rule's jobs: the event's job is not there yet.
        Future<?> pausing = pauseInAnotherTransaction();
        await().atMost(BOUND).until(() -> blockedBy(event));
        assertThat(pausing).isNotDone();
        storeJob(event);
        event.commit();

        pausing.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(jobs("CANCELLED")).containsExactly(EVENT_JOB_DUE);
        assertThat(jobs("SCHEDULED")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aPauseUnderWayMakesAnEventWaitAndThenReadTheRulePaused(Dialect d) throws Exception {
        open(d);
        makeItAnEventRule();
        Connection pause = transaction();
        lockRule(pause);
        pause(pause);

        Future<Boolean> reading = eventInAnotherTransaction();
        await().atMost(BOUND).until(() -> blockedBy(pause));
        assertThat(reading).isNotDone();
        pause.commit();

        assertThat(reading.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the rule as the event reads it").isFalse();
    }

    /** Events of one type share the lock: only a change of the rule waits for them. */
    @ParameterizedTest
    @MethodSource("dialects")
    void eventsOfOneTypeDoNotWaitForEachOther(Dialect d) throws Exception {
        open(d);
        makeItAnEventRule();
        Connection first = transaction();
        readRules(first);
        storeJob(first);

        Future<Boolean> second = eventInAnotherTransaction();
        assertThat(second.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        first.commit();
    }
}
