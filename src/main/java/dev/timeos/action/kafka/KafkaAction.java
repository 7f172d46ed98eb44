package dev.timeos.action.kafka;

import dev.timeos.action.Action;
import dev.timeos.action.ActionArgs;
import dev.timeos.action.JobContext;
import dev.timeos.action.PermanentFailure;
import dev.timeos.action.Performer;
import dev.timeos.error.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code kafka} action: publishes the job's payload ({@link KafkaMessage}) and waits for the broker's
 * acknowledgement ({@code acks=all}) before the job counts as done; a broker that is down or slow makes the attempt
 * fail, and the job retries with its backoff: never lost. Delivery is at-least-once (a send acknowledged after the
 * attempt gave up is followed by the retry's): the {@code timeos-job-id} header lets a consumer drop repeats.
 */
@Action("kafka")
@ApplicationScoped
public class KafkaAction implements Performer {

    /** How long to wait for the acknowledgement when the job has no timeout. */
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    @Inject
    KafkaProducers producers;

    @Override
    public List<FieldError> check(String target, JsonObject args, String argsField) {
        KafkaMessage.Parsed parsed = KafkaMessage.parse(target, args, argsField);
        if (!parsed.ok()) {
            return parsed.errors();
        }
        if (producers.bootstrapServers().isEmpty()) {
            return List.of(new FieldError("action", "the kafka action is not configured on this server: set "
                    + KafkaProducerConfig.BOOTSTRAP));
        }
        return List.of();
    }

    @Override
    public void perform(JobContext job) throws Exception {
        KafkaMessage.Parsed parsed = KafkaMessage.parse(job.target(), job.args(), "args");
        if (!parsed.ok()) {
            throw ActionArgs.invalid(parsed.errors());
        }
        KafkaMessage m = parsed.message();
        ProducerRecord<String, String> record = new ProducerRecord<>(m.topic(), m.key(), m.value());
        m.headers().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        record.headers().add("timeos-job-id", job.jobId().getBytes(StandardCharsets.UTF_8));
        record.headers().add("timeos-attempt", Integer.toString(job.attempt()).getBytes(StandardCharsets.UTF_8));
        Duration wait = job.timeout() != null ? job.timeout() : DEFAULT_WAIT;
        try {
            producers.get().send(record).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // What no retry can fix; anything else (broker down, not enough replicas, timeouts) is retried.
            if (cause instanceof InvalidTopicException || cause instanceof RecordTooLargeException
                    || cause instanceof TopicAuthorizationException) {
                throw new PermanentFailure("Kafka refused the record: " + cause, cause);
            }
            throw cause instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no acknowledgement from Kafka within " + wait);
        }
    }
}
