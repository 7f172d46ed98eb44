package dev.timeos.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V13 moved the lookup of waiting jobs from an index on {@code timeos_job.depends_on} to {@code timeos_job_dependent}:
 * a job that was waiting when a store upgrades must be listed, or its dependency's success would never release it.
 */
class DependentsMigrationTest {

    static List<Dialect> dialects() {
        return TestDatabases.dialects();
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void theUpgradeListsTheJobsThatWereWaiting(Dialect d) throws SQLException, IOException {
        DataSource ds = TestDatabases.fresh(d);
        String backfill;
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + d.folder() + "/V13__dependents_table.sql")) {
            backfill = Migrations.statements(new String(in.readAllBytes(), StandardCharsets.UTF_8)).stream()
                    .filter(s -> s.startsWith("INSERT")).findFirst().orElseThrow();
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // Rows as a store before V13 held them: the dependency on the job only.
            for (String[] job : new String[][]{{"waiting", "WAITING", "'parent'"}, {"released", "SCHEDULED", "'parent'"},
                    {"plain", "WAITING", "NULL"}}) {
                s.executeUpdate("INSERT INTO timeos_job (id, action_name, args, perform_at, priority, status, attempt, "
                        + "max_attempts, backoff_ms, depends_on, created_at, updated_at) VALUES ('" + job[0] + "', 'noop', "
                        + "'{}', 0, 0, '" + job[1] + "', 0, 1, 1000, " + job[2] + ", 0, 0)");
            }
            s.executeUpdate(backfill);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT depends_on, job_id FROM timeos_job_dependent")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " <- " + rs.getString(2));
                }
            }
            assertThat(rows).containsExactly("parent <- waiting");
        }
    }
}
