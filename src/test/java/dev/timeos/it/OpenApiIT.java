package dev.timeos.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11: the API's OpenAPI description at /openapi and its UI, read-only. */
@ExtendWith(ArquillianExtension.class)
class OpenApiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    private static JsonObject document() {
        Api.Reply r = Api.anonymous().raw("GET", "/openapi?format=JSON", null, null).expect(200);
        return r.json();
    }

    @Test
    void everyResourceIsDescribedWithExamplesAndBasicLogin() {
        JsonObject doc = document();
        assertThat(doc.getString("openapi")).startsWith("3.");
        assertThat(doc.getJsonObject("info").getString("title")).isEqualTo("TimeOS");
        JsonObject paths = doc.getJsonObject("paths");
        List<String> contract = List.of("/api/jobs", "/api/jobs/{id}", "/api/jobs/batch", "/api/jobs/cancel",
                "/api/events", "/api/events/batch", "/api/events/{id}", "/api/events/{id}/replay", "/api/rules", "/api/rules/{id}",
                "/api/rules/dry-run", "/api/rules/reload", "/api/rules/{id}/history", "/api/dead-letters",
                "/api/dead-letters/{id}", "/api/dead-letters/{id}/retry", "/api/stats", "/api/health", "/api/cleanup",
                "/api/cleanup/stats", "/api/stream");
        assertThat(paths.keySet()).containsAll(contract);
        // The contract's paths (the test WAR adds resources of its own, undocumented).
        for (String path : contract) {
            paths.getJsonObject(path).forEach((method, op) ->
                    assertThat(op.asJsonObject().getString("summary", null)).as(method + " " + path + " has a summary").isNotBlank());
        }
        JsonObject createJob = paths.getJsonObject("/api/jobs").getJsonObject("post");
        assertThat(createJob.getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("examples").getJsonObject("example").get("value").toString()).contains("\"action\"");
        assertThat(doc.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("basic").getString("scheme"))
                .isEqualTo("basic");
    }

    @Test
    void theGeneratedDocumentIsValid() throws java.io.IOException {
        document();
        java.nio.file.Path log = java.nio.file.Path.of(System.getProperty("timeos.wlp.home", "target/liberty/wlp"), "usr/servers",
                System.getProperty("timeos.liberty.server", "timeos"), "logs", "messages.log");
        // Liberty validates the document it generates and logs CWWKO1650E for each mistake (e.g. an array without items).
        assertThat(java.nio.file.Files.readString(log)).doesNotContain("CWWKO1650E");
    }

    @Test
    void theUiIsServed() {
        Api.Reply ui = Api.anonymous().get("/openapi/ui/");
        assertThat(ui.status()).as(ui.toString()).isEqualTo(200);
        assertThat(ui.contentType()).startsWith("text/html");
    }

    @Test
    void theDescriptionIsReadOnly() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            int status = Api.anonymous().raw(method, "/openapi", "application/json", "{}".getBytes()).status();
            assertThat(status).as(method + " /openapi").isGreaterThanOrEqualTo(400);
        }
    }
}
