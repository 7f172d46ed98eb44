package dev.timeos.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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

    /** A shipped script that is not listed is never applied (V3 came so, and its columns were missing). */
    @Test
    void everyShippedScriptIsListed() throws IOException, URISyntaxException {
        for (Dialect d : Dialect.values()) {
            Path folder = Path.of(Migrations.class.getResource("/db/migration/" + d.folder()).toURI());
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.sql$", "")))
                        .as(d.folder()).containsExactlyInAnyOrderElementsOf(Migrations.SCRIPTS);
            }
        }
    }
}
