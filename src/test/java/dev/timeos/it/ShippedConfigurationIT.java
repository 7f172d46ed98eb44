package dev.timeos.it;

import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server configuration as shipped ({@code liberty/server.xml} alone, without the development overrides the other
 * suites run with), on its embedded Derby default: {@code /metrics} wants HTTPS and a user, the health probes stay open,
 * the management API wants a login, and no development convenience (local connector, dropins) is installed.
 * Its own server, started like {@link ClusterKillIT}'s nodes.
 */
class ShippedConfigurationIT {

    private static final Path WLP = Path.of(System.getProperty("timeos.wlp.home", "target/liberty/wlp"));
    private static final Path LIBERTY_CONFIG = Path.of(System.getProperty("timeos.liberty.config", "liberty"));
    private static final Path WORK = Path.of(System.getProperty("timeos.shipped.dir", "target/shipped"));
    private static final int HTTP_PORT = Integer.getInteger("timeos.shipped.http.port", 9495);
    private static final int HTTPS_PORT = Integer.getInteger("timeos.shipped.https.port", 9855);

    private static ClusterNode node;

    @BeforeAll
    static void start() throws Exception {
        node = new ClusterNode("shipped", System.getProperty("timeos.shipped.server", "shipped"), HTTP_PORT, HTTPS_PORT,
                WLP, WORK);
        node.checkNothingInTheWay();
        Files.createDirectories(WORK);
        Path war = WORK.resolve("timeos.war");
        Deployments.timeos().as(ZipExporter.class).exportTo(war.toFile(), true);
        node.create(LIBERTY_CONFIG, war);
        // The users, and what an operator gives Liberty for HTTPS (its own convention: the default keystore is created,
        // self-signed, when keystore_password is set; README, Security). Everything else is the shipped default:
        // Derby under the server's directory, the metrics login on.
        node.start(Map.of("TIMEOS_ADMIN_USER", Api.adminUser(), "TIMEOS_ADMIN_PASSWORD", Api.adminPassword(),
                "TIMEOS_VIEWER_USER", Api.viewerUser(), "TIMEOS_VIEWER_PASSWORD", Api.viewerPassword(),
                "keystore_password", "shipped-it-keystore", "TIMEOS_LOG_LEVEL", "warning"));
        node.awaitReady(Duration.ofMinutes(4));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.awaitStopped(node.requestStop(), Duration.ofSeconds(60));
        }
    }

    @Test
    void metricsWantHttpsAndAUserOfEitherRole() throws Exception {
        String metrics = "https://localhost:" + HTTPS_PORT + "/metrics";
        assertThat(status(metrics, null, null)).as("anonymous").isEqualTo(401);
        assertThat(status(metrics, Api.viewerUser(), Api.viewerPassword() + "-wrong")).as("wrong password").isEqualTo(401);
        assertThat(status(metrics, Api.viewerUser(), Api.viewerPassword())).as("viewer").isEqualTo(200);
        assertThat(status(metrics, Api.adminUser(), Api.adminPassword())).as("admin").isEqualTo(200);
        // Not over plain HTTP, whoever asks (Liberty redirects or refuses; never the figures).
        assertThat(status("http://localhost:" + HTTP_PORT + "/metrics", Api.viewerUser(), Api.viewerPassword()))
                .as("plain HTTP").isNotEqualTo(200);
    }

    @Test
    void healthStaysOpenAndTheApiWantsALogin() throws Exception {
        assertThat(status("http://localhost:" + HTTP_PORT + "/health/ready", null, null)).isEqualTo(200);
        assertThat(status("http://localhost:" + HTTP_PORT + "/api/stats", null, null)).isEqualTo(401);
        assertThat(status("http://localhost:" + HTTP_PORT + "/api/stats", Api.viewerUser(), Api.viewerPassword())).isEqualTo(200);
    }

    @Test
    void noDevelopmentConvenienceIsInstalled() throws IOException {
        String output = Files.readString(node.log());
        String features = output.lines().filter(l -> l.contains("CWWKF0012I")).findFirst().orElseThrow();
        assertThat(features).doesNotContain("localConnector").contains("appSecurity");
        assertThat(output).doesNotContain("CWWKZ0058I"); // "Monitoring dropins for applications"
    }

    /** TimeOS's log level comes from configuration: at {@code warning}, none of its start-up INFO lines. */
    @Test
    void timeosLogsAtTheConfiguredLevel() throws IOException {
        Path messages = WLP.resolve("usr/servers").resolve(node.serverName).resolve("logs/messages.log");
        String log = Files.readString(messages);
        assertThat(log).contains("CWWKZ0001I"); // the application started: the log is the right one, and written
        assertThat(log).doesNotContain("TimeOS dispatcher started").doesNotContain("TimeOS rules loaded");
    }

    /** The status of a GET, following no redirect; HTTPS trusts the server's self-signed certificate (loopback only). */
    private static int status(String url, String user, String password) throws IOException, GeneralSecurityException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(30_000);
        if (c instanceof HttpsURLConnection https) {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[]{new TrustingLoopback()}, null);
            https.setSSLSocketFactory(tls.getSocketFactory());
            https.setHostnameVerifier((host, session) -> "localhost".equals(host));
        }
        if (user != null) {
            c.setRequestProperty("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            int status = c.getResponseCode();
            try (InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status;
        } finally {
            c.disconnect();
        }
    }

    /** The test server's certificate is generated by Liberty at its first start: nothing to pin. */
    private static final class TrustingLoopback implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
