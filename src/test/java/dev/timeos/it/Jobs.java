package dev.timeos.it;

import jakarta.json.JsonObject;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The job calls the dispatcher's container tests make, with their status checks. */
final class Jobs {

    private final Api api;

    Jobs(Api api) {
        this.api = api;
    }

    String create(String json) {
        Api.Reply r = api.post("/api/jobs", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().getString("id");
    }

    JsonObject get(String id) {
        Api.Reply r = api.get("/api/jobs/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    JsonObject awaitStatus(String id, String status, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> get(id), j -> status.equals(j.getString("status")));
    }
}
