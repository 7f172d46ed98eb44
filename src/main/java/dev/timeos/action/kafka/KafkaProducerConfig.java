package dev.timeos.action.kafka;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Map;
import java.util.Properties;

/**
 * The kafka action's producer settings, from MicroProfile Config: {@code timeos.kafka.bootstrap-servers}, and any
 * producer setting as {@code timeos.kafka.producer.<kafka name>} (e.g. {@code timeos.kafka.producer.compression.type}).
 * Durability is not negotiable: {@code acks=all} and idempotence are always on, whatever the overrides say, so that an
 * acknowledged send survives a broker's loss and a producer's own retries write a record once.
 * The timeouts default short: a broker that is down makes the attempt fail within seconds, and the job retries with
 * its backoff instead of holding a worker.
 */
public final class KafkaProducerConfig {

    public static final String BOOTSTRAP = "timeos.kafka.bootstrap-servers";
    public static final String PREFIX = "timeos.kafka.producer.";

    private KafkaProducerConfig() {
    }

    /** @param overrides the {@code timeos.kafka.producer.*} settings, prefix removed */
    public static Properties producer(String bootstrapServers, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "timeos");
        // How long send() waits for metadata (a broker that is down): the attempt fails then.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.putAll(overrides);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }
}
