package dev.timeos.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Locale;

/**
 * Masks what looks like a credential in a payload before it is logged or shown: the value of every key (at any depth)
 * whose name contains password, secret, token, authorization, api key, credential or private key, whatever its case
 * or separators ({@code apiKey}, {@code API_KEY}, {@code x-auth-token}). The job itself keeps its real args: only the
 * copy written to a log or an answer is masked.
 */
public final class Secrets {

    public static final String MASK = "****";
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "secret", "token", "authorization",
            "apikey", "credential", "privatekey");

    private Secrets() {
    }

    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(".", "");
        for (String word : SECRET_WORDS) {
            if (k.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The value with every secret-named key's value replaced by {@value #MASK}; the same instance when there is none. */
    public static JsonValue mask(JsonValue value) {
        if (value instanceof JsonObject o) {
            return mask(o);
        }
        if (value instanceof JsonArray a) {
            JsonArrayBuilder b = JsonP.createArrayBuilder();
            boolean changed = false;
            for (JsonValue item : a) {
                JsonValue m = mask(item);
                changed |= m != item;
                b.add(m);
            }
            return changed ? b.build() : a;
        }
        return value;
    }

    public static JsonObject mask(JsonObject o) {
        if (o == null) {
            return null;
        }
        JsonObjectBuilder b = JsonP.createObjectBuilder();
        boolean changed = false;
        for (var e : o.entrySet()) {
            if (isSecretKey(e.getKey()) && e.getValue().getValueType() != JsonValue.ValueType.NULL) {
                b.add(e.getKey(), MASK);
                changed = true;
            } else {
                JsonValue m = mask(e.getValue());
                changed |= m != e.getValue();
                b.add(e.getKey(), m);
            }
        }
        return changed ? b.build() : o;
    }
}
