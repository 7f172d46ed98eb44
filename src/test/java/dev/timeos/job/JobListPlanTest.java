package dev.timeos.job;

import dev.timeos.store.DerbyStatistics;
import dev.timeos.store.Dialect;
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
 * The job list (GET /api/jobs) reads newest first. On Derby, which scans an index only in its own order, V10 stores
 * timeos_job_created in that order: a page is read from the index and stops after it, instead of every job being read
 * and sorted for each page (100-630 ms for the first page of 150,000 jobs before).
 */
class JobListPlanTest {

    /** JobService.list's order, unfiltered; a page by OFFSET / FETCH, or by the JDBC row limit without them. */
    private static final String NEWEST_FIRST = "SELECT ID, STATUS, CREATED_AT FROM TIMEOS_JOB ORDER BY CREATED_AT DESC, ID DESC";
    private static final String PAGE = NEWEST_FIRST + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";

    @Test
    void derbyReadsAPageOfTheNewestJobsFromTheIndexWithoutSortingThemAll() throws SQLException {
        DataSource ds = TestDatabases.fresh(Dialect.DERBY);
        long now = Instant.now().toEpochMilli();
        DerbyV9PlanTest.fill(ds, now);
        try (Connection c = ds.getConnection()) {
            DerbyStatistics.collect(c);
            List<String> ids = page(c, 0, 50);
            String stats = DerbyStatistics.ofLast(c);

            // fill() gives job-i the creation instant now - (ROWS - i) s: the newest is the last one written.
            assertThat(ids).hasSize(50).startsWith("job-" + (DerbyV9PlanTest.ROWS - 1), "job-" + (DerbyV9PlanTest.ROWS - 2));
            assertThat(stats).contains("Index Scan ResultSet for TIMEOS_JOB using index TIMEOS_JOB_CREATED")
                    .doesNotContain("Sort ResultSet").doesNotContain("Table Scan");
            // The next page goes on where this one stopped.
            assertThat(page(c, 50, 50)).hasSize(50).startsWith("job-" + (DerbyV9PlanTest.ROWS - 51));

            // Paged by the driver's row limit instead: the same plan.
            try (PreparedStatement ps = c.prepareStatement(NEWEST_FIRST)) {
                ps.setMaxRows(50);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("job-" + (DerbyV9PlanTest.ROWS - 1));
                }
            }
            assertThat(DerbyStatistics.ofLast(c)).contains("using index TIMEOS_JOB_CREATED").doesNotContain("Sort ResultSet");
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
}
