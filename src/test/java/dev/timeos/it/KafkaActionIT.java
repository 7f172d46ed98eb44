package dev.timeos.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kafka action on the real WAR in a real Liberty, publishing to a real KRaft broker that this test starts in its
 * own JVM ({@link TestKafkaBroker}) on the port the pom hands the server as TIMEOS_KAFKA_BOOTSTRAP_SERVERS.
 */
@ExtendWith(ArquillianExtension.class)
class KafkaActionIT {

    private static TestKafkaBroker broker;
    private final Api api = Api.local();
    private final Jobs jobs = new Jobs(api);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.timeos();
    }

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new TestKafkaBroker(Integer.getInteger("timeos.test.kafka.port", 19092));
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static String topic() {
        return "timeos-it-" + UUID.randomUUID();
    }

    private static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Reads the topic from its start until {@code count} records arrived (or 20 s passed). */
    private static List<ConsumerRecord<String, String>> consume(String topic, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < count && System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void aJobPublishesItsPayloadWithTheKeyAndTheJobId() {
        broker.start();
        String topic = topic();
        String id = jobs.create("{\"action\": \"kafka\", \"target\": \"" + topic + "\", \"payload\": "
                + "{\"user_id\": \"u-42\", \"plan\": \"pro\", \"kafka\": {\"keyField\": \"user_id\", \"headers\": {\"source\": \"it\"}}}}");
        jobs.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(30));

        List<ConsumerRecord<String, String>> records = consume(topic, 1);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, String> r = records.get(0);
        assertThat(r.key()).isEqualTo("u-42");
        assertThat(json(r.value())).isEqualTo(json("{\"user_id\": \"u-42\", \"plan\": \"pro\"}"));
        assertThat(header(r, "timeos-job-id")).isEqualTo(id);
        assertThat(header(r, "source")).isEqualTo("it");
    }

    @Test
    void aBrokerStoppedThenStartedLosesNoJob() {
        broker.start();
        String topic = topic();
        // Warm up the topic while the broker runs, so that the stop below is a real outage of a known broker.
        String first = jobs.create("{\"action\": \"kafka\", \"target\": \"" + topic + "\", \"payload\": {\"n\": 0, "
                + "\"kafka\": {\"key\": \"k0\"}}}");
        jobs.awaitStatus(first, "SUCCEEDED", Duration.ofSeconds(30));

        broker.stop();
        List<String> ids = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            // A short timeout: an attempt against the dead broker gives up in 2 s and retries after its backoff.
            ids.add(jobs.create("{\"action\": \"kafka\", \"target\": \"" + topic + "\", \"timeout\": \"PT2S\", "
                    + "\"backoff\": \"PT1S\", \"maxAttempts\": 30, \"payload\": {\"n\": " + n + ", \"kafka\": {\"key\": \"k" + n + "\"}}}"));
        }
        // Every job fails at least once while the broker is down: retried, not succeeded, not dead.
        for (String id : ids) {
            JsonObject failed = jobs.awaitStatus(id, "FAILED", Duration.ofSeconds(30));
            assertThat(failed.getString("lastError")).isNotBlank();
        }
        broker.start();
        for (String id : ids) {
            jobs.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(60));
        }
        // Each job's message is there (at-least-once: a send acknowledged after its attempt gave up may repeat,
        // with the same job id).
        List<ConsumerRecord<String, String>> records = consume(topic, 4);
        Set<String> jobIds = new HashSet<>();
        records.forEach(r -> jobIds.add(header(r, "timeos-job-id")));
        assertThat(jobIds).containsAll(ids).contains(first);
        assertThat(records).extracting(ConsumerRecord::key).contains("k0", "k1", "k2", "k3");
    }

    @Test
    void aJobWithoutATopicOrWithABadOneIsRefusedAtCreation() {
        Api.Reply none = api.post("/api/jobs", "{\"action\": \"kafka\", \"payload\": {\"a\": 1}}");
        assertThat(none.status()).as(none.toString()).isEqualTo(400);
        assertThat(none.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("target");
        Api.Reply bad = api.post("/api/jobs", "{\"action\": \"kafka\", \"target\": \"no spaces allowed\"}");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("target");
    }
}
