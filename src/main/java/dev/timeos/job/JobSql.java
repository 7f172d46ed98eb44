package dev.timeos.job;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.List;

import static dev.timeos.job.JobStatus.sql;

/** Statement pieces and binders that the job store's SQL classes share. */
final class JobSql {

    static final int MAX_ERROR_CHARS = 4000;
    static final String CLAIMABLE = "status IN " + sql(JobStatus.CLAIMABLE);
    /** Every write to a claimed job: the claim's version, and still running. */
    static final String FENCE = " WHERE id = ? AND version = ? AND status = 'RUNNING'";

    private JobSql() {
    }

    /** {@code " AND action_name NOT IN (?, ...)"} for the actions a claim skips, or nothing. */
    static String notIn(List<String> skipped) {
        return skipped.isEmpty() ? "" : " AND action_name NOT IN (" + String.join(", ", Collections.nCopies(skipped.size(), "?")) + ")";
    }

    static int bind(PreparedStatement ps, int index, List<String> values) throws SQLException {
        for (String v : values) {
            ps.setString(index++, v);
        }
        return index;
    }

    static void setMillis(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS - 1) + "…";
    }
}
