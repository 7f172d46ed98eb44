package dev.timeos.job;

import dev.timeos.store.DerbyStatistics;
import dev.timeos.store.Dialect;
import dev.timeos.store.Ids;
import dev.timeos.store.TestDatabases;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job list (GET /api/jobs) reads newest first, by id: a job's id is made from its creation instant. On Derby, which
 * scans an index only in its own order, V12 keeps the ids in a unique index in that order (V10 had an index on the
 * creation instant for it): a page is read from the index and stops after it, instead of every job being read and
 * sorted for each page (100-630 ms for the first page of 150,000 jobs before V10).
 */
class JobListPlanTest {

    private static final int ROWS = 20_000;

    /** JobService.list's order, unfiltered; a page by OFFSET / FETCH, or by the JDBC row limit without them. */
    private static final String NEWEST_FIRST = "SELECT ID, STATUS, CREATED_AT FROM TIMEOS_JOB ORDER BY ID DESC";
    private static final String PAGE = NEWEST_FIRST + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";

    @Test
    void derbyReadsAPageOfTheNewestJobsFromTheIndexWithoutSortingThemAll() throws SQLException {
        DataSource ds = TestDatabases.fresh(Dialect.DERBY);
        long now = Instant.now().toEpochMilli();
        List<String> created = fill(ds, now);
        try (Connection c = ds.getConnection()) {
            DerbyStatistics.collect(c);
            List<String> ids = page(c, 0, 50);
            String stats = DerbyStatistics.ofLast(c);

            // The newest is the last one made.
            List<String> newest = new ArrayList<>(created.subList(created.size() - 50, created.size()));
            java.util.Collections.reverse(newest);
            assertThat(ids).isEqualTo(newest);
            assertThat(stats).contains("Index Scan ResultSet for TIMEOS_JOB using index TIMEOS_JOB_ID")
                    .doesNotContain("Sort ResultSet").doesNotContain("Table Scan");
            // The next page goes on where this one stopped.
            assertThat(page(c, 50, 50)).hasSize(50).startsWith(created.get(created.size() - 51));

            // Paged by the driver's row limit instead: the same plan.
            try (PreparedStatement ps = c.prepareStatement(NEWEST_FIRST)) {
                ps.setMaxRows(50);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(created.get(created.size() - 1));
                }
            }
            assertThat(DerbyStatistics.ofLast(c)).contains("using index TIMEOS_JOB_ID").doesNotContain("Sort ResultSet");
        }
    }

    private static List<String> page(Connection c, int offset, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PAGE)) {
            ps.setInt(1, offset);
            ps.setInt(2, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /**
     * Jobs as JobService makes them, three to a millisecond, a second apart up to now, the ids made from the creation
     * instants: most pending, some ended. @return their ids in creation order
     */
    private static List<String> fill(DataSource ds, long now) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO timeos_job (id, action_name, args, perform_at, "
                    + "priority, status, attempt, max_attempts, backoff_ms, created_at, updated_at) "
                    + "VALUES (?, 'noop', '{}', ?, 0, ?, 0, 3, 1000, ?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    long createdAt = now - (ROWS - i) / 3 * 1000L;
                    String id = Ids.newId(Instant.ofEpochMilli(createdAt));
                    ids.add(id);
                    ps.setString(1, id);
                    ps.setLong(2, createdAt + 60_000);
                    ps.setString(3, i % 4 == 0 ? "SUCCEEDED" : "SCHEDULED");
                    ps.setLong(4, createdAt);
                    ps.setLong(5, createdAt);
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        // Several in one millisecond: in id order among themselves, as the list shows them.
        List<String> inCreationOrder = new ArrayList<>(ids);
        inCreationOrder.sort(null);
        return inCreationOrder;
    }
}
