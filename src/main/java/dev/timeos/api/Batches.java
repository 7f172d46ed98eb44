package dev.timeos.api;

import dev.timeos.json.JsonP;
import dev.timeos.error.InvalidInputException;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The batch endpoints' shape: one answer per input item, in input order; an item that does not parse
 * answers {@code {"error": problem}} and does not stop the others, which are handed to the service together.
 */
final class Batches {

    /** What the service made of one valid item: an answer, or why it refused the item. */
    record Outcome(JsonObject answer, InvalidInputException error) {
    }

    private Batches() {
    }

    static <T> JsonArray run(JsonArray items, Function<JsonObject, T> parse, Function<List<T>, List<Outcome>> service) {
        JsonObject[] answers = new JsonObject[items.size()];
        List<T> valid = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                JsonValue item = items.get(i);
                if (!(item instanceof JsonObject o)) {
                    throw new InvalidInputException("body", "item must be a JSON object");
                }
                valid.add(parse.apply(o));
                index.add(i);
            } catch (InvalidInputException e) {
                answers[i] = error(e);
            }
        }
        List<Outcome> outcomes = valid.isEmpty() ? List.of() : service.apply(valid);
        for (int k = 0; k < outcomes.size(); k++) {
            Outcome o = outcomes.get(k);
            answers[index.get(k)] = o.error() != null ? error(o.error()) : o.answer();
        }
        JsonArrayBuilder out = JsonP.createArrayBuilder();
        for (JsonObject a : answers) {
            out.add(a);
        }
        return out.build();
    }

    private static JsonObject error(InvalidInputException e) {
        return JsonP.createObjectBuilder().add("error", Problems.invalid(e.errors())).build();
    }
}
