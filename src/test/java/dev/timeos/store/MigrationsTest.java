package dev.timeos.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTest {

    @Test
    void scriptsSplitIntoStatementsAtLineEndSemicolonsAndSkipComments() {
        String sql = "-- a comment; with a semicolon\nCREATE TABLE a (\n  x INT -- trailing\n);\n\nCREATE INDEX i ON a (x);\n";
        assertThat(Migrations.statements(sql)).containsExactly("CREATE TABLE a (\n  x INT -- trailing\n)", "CREATE INDEX i ON a (x)");
    }

    @Test
    void everyScriptExistsForEveryDialect() {
        for (Dialect d : Dialect.values()) {
            for (String script : Migrations.SCRIPTS) {
                assertThat(Migrations.class.getResource("/db/migration/" + d.folder() + "/" + script + ".sql"))
                        .as(d + " " + script).isNotNull();
            }
        }
    }
}
