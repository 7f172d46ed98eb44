package dev.timeos.action.kafka;

import dev.timeos.error.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaMessageTest {

    private static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }

    @Test
    void theValueIsTheArgsWithoutTheKafkaOptions() {
        KafkaMessage.Parsed p = KafkaMessage.parse("orders",
                json("{\"order\": \"o-1\", \"key\": \"data, not the record key\", \"kafka\": {\"key\": \"k\", \"headers\": {\"h\": \"v\"}}}"),
                "payload");
        assertThat(p.errors()).isEmpty();
        assertThat(p.message().topic()).isEqualTo("orders");
        assertThat(p.message().key()).isEqualTo("k");
        assertThat(p.message().headers()).containsExactly(Map.entry("h", "v"));
        assertThat(json(p.message().value())).isEqualTo(json("{\"order\": \"o-1\", \"key\": \"data, not the record key\"}"));
    }

    @Test
    void theKeyMayComeFromAPayloadField() {
        KafkaMessage m = KafkaMessage.parse(null, json("{\"user_id\": 42, \"kafka\": {\"target\": \"users\", \"keyField\": \"user_id\"}}"),
                "args").message();
        assertThat(m.topic()).isEqualTo("users");
        assertThat(m.key()).isEqualTo("42");
        // Absent in this event: no key rather than a failure.
        assertThat(KafkaMessage.parse("users", json("{\"kafka\": {\"keyField\": \"user_id\"}}"), "payload").message().key())
                .isNull();
    }

    @Test
    void badTopicsAndOptionsAreNamed() {
        assertThat(KafkaMessage.parse(null, json("{}"), "payload").errors()).extracting(FieldError::field)
                .containsExactly("target");
        assertThat(KafkaMessage.parse(null, json("{}"), "args").errors()).extracting(FieldError::field)
                .containsExactly("args.kafka.target");
        assertThat(KafkaMessage.parse("a topic", json("{}"), "payload").errors()).extracting(FieldError::field)
                .containsExactly("target");
        assertThat(KafkaMessage.parse(null, json("{\"kafka\": {\"target\": \"t\", \"key\": 1, \"keyField\": \"x\", "
                + "\"headers\": {\"h\": 2}}}"), "args").errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("args.kafka.key", "args.kafka.headers.h");
        assertThat(KafkaMessage.parse("t", json("{\"kafka\": 5}"), "payload").errors()).extracting(FieldError::field)
                .containsExactly("payload.kafka");
    }

    @Test
    void durabilityCannotBeConfiguredAway() {
        Properties p = KafkaProducerConfig.producer("b:9092", Map.of("acks", "0", "enable.idempotence", "false",
                "compression.type", "lz4", "max.block.ms", "3000"));
        assertThat(p).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092")
                .containsEntry("compression.type", "lz4")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
    }
}
