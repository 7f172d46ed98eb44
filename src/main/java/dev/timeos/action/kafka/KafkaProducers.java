package dev.timeos.action.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one producer of this node, made at the first kafka job (a server that never publishes never connects) and
 * closed with the application. A Kafka producer is thread-safe and batches for all threads: one is the right number.
 */
@ApplicationScoped
public class KafkaProducers {

    @Inject
    Config config;

    private Producer<String, String> producer;

    /** The bootstrap servers, or empty when Kafka is not configured. */
    public Optional<String> bootstrapServers() {
        return config.getOptionalValue(KafkaProducerConfig.BOOTSTRAP, String.class).filter(s -> !s.isBlank());
    }

    public synchronized Producer<String, String> get() {
        if (producer == null) {
            String servers = bootstrapServers().orElseThrow(() -> new IllegalStateException(
                    "Kafka is not configured: set " + KafkaProducerConfig.BOOTSTRAP));
            Map<String, String> overrides = new HashMap<>();
            for (String name : config.getPropertyNames()) {
                if (name.startsWith(KafkaProducerConfig.PREFIX)) {
                    config.getOptionalValue(name, String.class)
                            .ifPresent(v -> overrides.put(name.substring(KafkaProducerConfig.PREFIX.length()), v));
                }
            }
            // Serializers as instances and the WAR's class loader as context: Kafka then loads no class by name
            // through a loader that an application server may not have set to ours.
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            t.setContextClassLoader(KafkaProducers.class.getClassLoader());
            try {
                producer = new KafkaProducer<>(KafkaProducerConfig.producer(servers, overrides), new StringSerializer(),
                        new StringSerializer());
            } finally {
                t.setContextClassLoader(before);
            }
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
