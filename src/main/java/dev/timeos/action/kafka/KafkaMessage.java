package dev.timeos.action.kafka;

import dev.timeos.action.ActionArgs;
import dev.timeos.error.FieldError;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Kafka record as a job describes it, read the same way at creation and at run time:
 * <ul>
 *   <li>topic: the job's {@code target}, or {@code args.kafka.target} (a rule has no target field);</li>
 *   <li>key: {@code args.kafka.key}, or the payload field named by {@code args.kafka.keyField} (e.g. {@code user_id},
 *       so that one user's messages stay in order on one partition), or none;</li>
 *   <li>{@code args.kafka.headers}: an object of header names to string values;</li>
 *   <li>value: the args without their {@code kafka} member, as JSON.</li>
 * </ul>
 */
public record KafkaMessage(String topic, String key, Map<String, String> headers, String value) {

    public static final String OPTIONS = "kafka";
    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public record Parsed(KafkaMessage message, List<FieldError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public static Parsed parse(String jobTarget, JsonObject args, String argsField) {
        List<FieldError> errors = new ArrayList<>();
        String optionsField = argsField + "." + OPTIONS;
        JsonObject options = ActionArgs.options(args, OPTIONS, optionsField,
                "{\"target\", \"key\", \"keyField\", \"headers\"}", errors);
        boolean ownField = jobTarget != null || ActionArgs.JOB_ARGS.equals(argsField) && !options.containsKey("target");
        String topicField = ownField ? "target" : optionsField + ".target";
        String topic = jobTarget != null ? jobTarget : ActionArgs.string(options, "target", topicField, errors);
        if (topic == null || topic.isBlank()) {
            errors.add(new FieldError(topicField, "the kafka action needs a topic: the job's target or "
                    + optionsField + ".target"));
        } else if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            errors.add(new FieldError(topicField, "is not a valid topic name (letters, digits, '.', '_', '-')"));
        }

        JsonObject value = ActionArgs.without(args, OPTIONS);

        String key = ActionArgs.string(options, "key", optionsField + ".key", errors);
        String keyField = ActionArgs.string(options, "keyField", optionsField + ".keyField", errors);
        if (key != null && keyField != null) {
            errors.add(new FieldError(optionsField + ".keyField", "give key or keyField, not both"));
        } else if (keyField != null) {
            JsonValue v = value.get(keyField);
            // A rule's key field may be absent from the rule's own args (it comes with each event): only a job is
            // checked for it at run time, where a missing field means no key.
            key = v == null || v == JsonValue.NULL ? null : v instanceof JsonString s ? s.getString() : v.toString();
        }

        Map<String, String> headers = new LinkedHashMap<>();
        JsonValue h = options.get("headers");
        if (h instanceof JsonObject ho) {
            ho.forEach((name, v) -> {
                if (v instanceof JsonString s) {
                    headers.put(name, s.getString());
                } else {
                    errors.add(new FieldError(optionsField + ".headers." + name, "must be a string"));
                }
            });
        } else if (h != null && h != JsonValue.NULL) {
            errors.add(new FieldError(optionsField + ".headers", "must be an object of header names to string values"));
        }
        return new Parsed(errors.isEmpty() ? new KafkaMessage(topic, key, Map.copyOf(headers), value.toString()) : null,
                List.copyOf(errors));
    }
}
