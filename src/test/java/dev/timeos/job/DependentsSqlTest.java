package dev.timeos.job;

import dev.timeos.store.Dialect;
import dev.timeos.store.Jdbc;
import dev.timeos.store.TestDatabases;
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
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs that wait on another are found through {@code timeos_job_dependent} (V13), on both real databases: the
 * repository's insert lists exactly the jobs that wait, and an end that decides their fate (release or cancel) takes
 * the rows with it, so the table holds only jobs that may still wait.
 */
class DependentsSqlTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    static List<Dialect> dialects() {
        return TestDatabases.dialects();
    }

    private DataSource ds;
    private JdbcJobRepository repo;

    private void open(Dialect d) {
        ds = TestDatabases.fresh(d);
        repo = new JdbcJobRepository(d);
    }

    private <T> T tx(Jdbc.Work<T> work) {
        return Jdbc.inTransaction(ds, work);
    }

    private static NewJob job(String id, JobStatus status, String dependsOn) {
        return new NewJob(id, null, null, "noop", null, "{}", T0, 0, status, 1, Duration.ofSeconds(1), null, dependsOn,
                null, T0);
    }

    private void insert(NewJob... jobs) {
        tx(c -> {
            repo.insert(c, List.of(jobs));
            return null;
        });
    }

    /** Claims what is due, and ends the jobs named: all succeed, or all fail for good. */
    private JobRepository.Ended end(boolean succeed, String... ids) {
        List<Attempt> started = tx(c -> repo.claim(c, "node-a", T0, T0, 10, T0.plusSeconds(60), Set.of())).stream()
                .filter(x -> List.of(ids).contains(x.id())).map(x -> x.startedAt(T0)).toList();
        assertThat(started).extracting(Attempt::id).containsExactlyInAnyOrder(ids);
        tx(c -> {
            repo.markStarted(c, started);
            return null;
        });
        List<AttemptEnd> ends = started.stream()
                .map(a -> succeed ? a.succeeded(T0.plusMillis(1)) : a.failed("boom", true, T0.plusMillis(1))).toList();
        return tx(c -> repo.end(c, ends, T0.plusMillis(2)));
    }

    /**
     * For fixtures that write job rows with plain SQL: the row the repository's insert writes for a job that waits on
     * another ({@code Dependents.list}), so that its dependency's end finds it.
     */
    static void listIfWaiting(Connection c, String id, String status, String dependsOn) throws SQLException {
        if (dependsOn == null || !"WAITING".equals(status)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_job_dependent (depends_on, job_id) VALUES (?, ?)")) {
            ps.setString(1, dependsOn);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private List<String> waits() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT depends_on, job_id FROM timeos_job_dependent ORDER BY depends_on, job_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " <- " + rs.getString(2));
            }
        }
        return rows;
    }

    private String status(String id) {
        return tx(c -> repo.status(c, id)).map(Enum::name).orElse(null);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void onlyAJobThatWaitsIsListed(Dialect d) throws SQLException {
        open(d);
        // "late" names a dependency that had already succeeded when it was made: it is SCHEDULED and waits on nothing.
        insert(job("parent", JobStatus.SCHEDULED, null), job("child", JobStatus.WAITING, "parent"),
                job("late", JobStatus.SCHEDULED, "gone"));
        assertThat(waits()).containsExactly("parent <- child");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aSuccessReleasesItsDependentsAndTakesTheirRows(Dialect d) throws SQLException {
        open(d);
        insert(job("parent", JobStatus.SCHEDULED, null), job("a", JobStatus.WAITING, "parent"),
                job("b", JobStatus.WAITING, "parent"), job("other", JobStatus.WAITING, "elsewhere"));
        end(true, "parent");
        assertThat(status("a")).isEqualTo("SCHEDULED");
        assertThat(status("b")).isEqualTo("SCHEDULED");
        assertThat(status("other")).isEqualTo("WAITING");
        assertThat(waits()).containsExactly("elsewhere <- other");
    }

    /** Several dependencies ending in one batch: PostgreSQL takes their rows with one statement over an array. */
    @ParameterizedTest
    @MethodSource("dialects")
    void dependenciesEndingInOneBatchReleaseAllTheirDependents(Dialect d) throws SQLException {
        open(d);
        insert(job("p1", JobStatus.SCHEDULED, null), job("p2", JobStatus.SCHEDULED, null), job("p3", JobStatus.SCHEDULED, null),
                job("a", JobStatus.WAITING, "p1"), job("b", JobStatus.WAITING, "p2"), job("c", JobStatus.WAITING, "p2"));
        JobRepository.Ended ended = end(true, "p1", "p2", "p3");
        assertThat(ended.succeeded()).containsExactlyInAnyOrder("p1", "p2", "p3");
        assertThat(List.of(status("a"), status("b"), status("c"))).containsOnly("SCHEDULED");
        assertThat(waits()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aDependentCancelledMeanwhileStaysCancelledWhenItsDependencySucceeds(Dialect d) throws SQLException {
        open(d);
        insert(job("parent", JobStatus.SCHEDULED, null), job("child", JobStatus.WAITING, "parent"));
        tx(c -> repo.cancel(c, List.of("child"), null, T0));
        // The row stays while the dependency runs (the cancel is the child's own, not its dependency's)...
        assertThat(waits()).containsExactly("parent <- child");
        end(true, "parent");
        // ...and the release, conditional on WAITING, changes nothing: the row goes, the child stays cancelled.
        assertThat(status("child")).isEqualTo("CANCELLED");
        assertThat(waits()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aDeadDependencyCancelsTheChainAndTakesEveryRow(Dialect d) throws SQLException {
        open(d);
        insert(job("parent", JobStatus.SCHEDULED, null), job("child", JobStatus.WAITING, "parent"),
                job("grandchild", JobStatus.WAITING, "child"));
        assertThat(end(false, "parent").dead()).containsExactly("parent");
        assertThat(status("child")).isEqualTo("CANCELLED");
        assertThat(status("grandchild")).isEqualTo("CANCELLED");
        assertThat(waits()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void cancellingADependencyCancelsItsDependentsAndTakesTheirRows(Dialect d) throws SQLException {
        open(d);
        insert(job("parent", JobStatus.SCHEDULED, null), job("child", JobStatus.WAITING, "parent"));
        JobRepository.Cancelled cancelled = tx(c -> repo.cancel(c, List.of("parent"), null, T0));
        assertThat(cancelled.dependents()).containsExactly("child");
        assertThat(waits()).isEmpty();
    }
}
