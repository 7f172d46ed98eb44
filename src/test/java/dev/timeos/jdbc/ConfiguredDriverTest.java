package dev.timeos.jdbc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TimeOS's JDBC driver, as the servers get it: the class comes from the artifact kept in jdbc-bridge/repository (a
 * dependency of this build), and the first test holds that artifact to the source in this tree. Its MicroProfile
 * Config lookup runs in the container suites (every one of them connects through it).
 */
class ConfiguredDriverTest {

    private static final Path SOURCE = Path.of("jdbc-bridge/src/main/java/dev/timeos/jdbc/ConfiguredDriver.java");
    private static final Path SERVICES = Path.of("jdbc-bridge/src/main/resources/META-INF/services/java.sql.Driver");

    @Test
    void theKeptArtifactWasBuiltFromThisTree() throws IOException {
        assertThat(inJar("dev/timeos/jdbc/ConfiguredDriver.java"))
                .as("jdbc-bridge changed: rebuild the kept artifact with a new version (jdbc-bridge/pom.xml, the main pom's"
                        + " timeos.jdbc.bridge.version), then mvn -B -f jdbc-bridge/pom.xml deploy")
                .isEqualTo(Files.readString(SOURCE));
        assertThat(inJar("META-INF/services/java.sql.Driver")).isEqualTo(Files.readString(SERVICES));
    }

    /** An entry of the jar the class was loaded from (not the first of that name on the class path). */
    private static String inJar(String entry) throws IOException {
        Path jar;
        try {
            jar = Path.of(ConfiguredDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertThat(jar.getFileName().toString()).as("the kept artifact, not a class folder").endsWith(".jar");
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry found = file.getJarEntry(entry);
            assertThat(found).as(entry + " in " + jar).isNotNull();
            try (InputStream in = file.getInputStream(found)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void itAnswersOnlyItsOwnUrls() throws SQLException {
        ConfiguredDriver driver = new ConfiguredDriver();
        assertThat(driver.acceptsURL(ConfiguredDriver.URL)).isTrue();
        assertThat(driver.acceptsURL("jdbc:derby:memory:x")).isFalse();
        assertThat(driver.acceptsURL(null)).isFalse();
        // Another driver's URL: null, as JDBC asks, so that DriverManager goes on to the next driver.
        assertThat(driver.connect("jdbc:postgresql://localhost/test", new Properties())).isNull();
    }

    @Test
    void nothingConfiguredMeansTheEmbeddedDerbyUnderTheWorkingDirectory() throws SQLException {
        assertThat(ConfiguredDriver.resolve(Optional.empty())).isEqualTo("jdbc:derby:timeos-data/timeos;create=true");
        assertThat(ConfiguredDriver.resolve(Optional.of("  "))).isEqualTo(ConfiguredDriver.DEFAULT_URL);
        assertThat(ConfiguredDriver.resolve(Optional.of(" jdbc:postgresql://db:5432/timeos ")))
                .isEqualTo("jdbc:postgresql://db:5432/timeos");
    }

    @Test
    void aUrlThatNamesTheDriverItselfIsRefusedRatherThanLoopingForever() {
        assertThatThrownBy(() -> ConfiguredDriver.resolve(Optional.of(ConfiguredDriver.URL)))
                .isInstanceOf(SQLException.class).hasMessageContaining("timeos.db.url must name a real database");
    }

    @Test
    void itConnectsThroughTheDriverBesideItThatAcceptsTheUrl() throws SQLException {
        Driver derby = ConfiguredDriver.driverFor("jdbc:derby:memory:configured-driver-test;create=true");
        assertThat(derby.getClass().getName()).startsWith("org.apache.derby");
        try (Connection c = derby.connect("jdbc:derby:memory:configured-driver-test;create=true", new Properties())) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("Apache Derby");
        }
        assertThat(ConfiguredDriver.driverFor("jdbc:postgresql://localhost/test").getClass().getName())
                .isEqualTo("org.postgresql.Driver");
    }

    @Test
    void noDriverForTheUrlSaysSoWithoutThePassword() {
        assertThatThrownBy(() -> ConfiguredDriver.driverFor("jdbc:mysql://timeos:hunter2@db/timeos?password=hunter2"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("accepts jdbc:mysql:...")
                .hasMessageContaining("timeos.db.url")
                .hasMessageNotContaining("hunter2");
        assertThat(ConfiguredDriver.withoutSecrets("jdbc:derby:/data/timeos;create=true;password=hunter2"))
                .isEqualTo("jdbc:derby:...");
        assertThat(ConfiguredDriver.withoutSecrets("jdbc:oracle:thin:scott/hunter2@db:1521/x")).isEqualTo("jdbc:oracle:...");
        assertThat(ConfiguredDriver.withoutSecrets("hunter2")).doesNotContain("hunter2");
    }
}
