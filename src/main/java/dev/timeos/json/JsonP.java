package dev.timeos.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonMergePatch;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;

import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.util.Collection;
import java.util.Map;

/**
 * TimeOS's only way to JSON-P: the methods of {@link jakarta.json.Json} that TimeOS uses, on one provider looked up
 * once. Each {@code Json.createX} call looks the provider up again ({@code JsonProvider.provider()}: a
 * {@code ServiceLoader} scan of the class loader's resources, through Liberty's bundle class loaders and their zip
 * files) and makes a new provider with a buffer pool of its own. That was once per job run (its arguments), per event,
 * per job in an answer: the drain's profile had workers in {@code ZipFile.getEntry} and the JIT compiling OSGi class
 * loading code after 100,000 jobs. The provider is thread-safe; its readers and builders are not shared.
 */
public final class JsonP {

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    /**
     * Numbers and JSON-P's bound on their length. Parsson refuses a number of more than 1,100 characters (its default
     * {@code maxBigDecimalLength}), and TimeOS writes numbers back as {@code BigDecimal.toString()} does, which may be
     * longer than what came in: {@code 1094 digits e-1099} is 1,100 characters in and {@code 0.00000} and the digits,
     * 1,101, out. Accepted at that bound, such a rule could never be read again (every event of its type, the rule list
     * and the planner's pass answered 500), and no client reading TimeOS's answers with the default could read it.
     * So requests may carry numbers of at most {@link #REQUEST_NUMBER_CHARS} characters: written back, they stay within
     * the default bound (plain notation adds at most nine: sign, point and six zeros), for TimeOS and its clients.
     * What TimeOS stored it reads with room to spare.
     */
    static final String MAX_NUMBER_CHARS = "org.eclipse.parsson.maxBigDecimalLength";
    public static final int REQUEST_NUMBER_CHARS = 1_000;
    private static final JsonReaderFactory REQUESTS = PROVIDER.createReaderFactory(Map.of(MAX_NUMBER_CHARS, REQUEST_NUMBER_CHARS));
    private static final JsonReaderFactory STORED = PROVIDER.createReaderFactory(Map.of(MAX_NUMBER_CHARS, 10_000));

    private JsonP() {
    }

    public static JsonProvider provider() {
        return PROVIDER;
    }

    public static JsonObjectBuilder createObjectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder createObjectBuilder(JsonObject object) {
        return PROVIDER.createObjectBuilder(object);
    }

    public static JsonObjectBuilder createObjectBuilder(Map<String, ?> map) {
        return PROVIDER.createObjectBuilder(map);
    }

    public static JsonArrayBuilder createArrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonArrayBuilder createArrayBuilder(Collection<?> values) {
        return PROVIDER.createArrayBuilder(values);
    }

    /** A reader of a client's JSON: numbers of at most {@link #REQUEST_NUMBER_CHARS} characters. */
    public static JsonReader createReader(Reader reader) {
        return REQUESTS.createReader(reader);
    }

    /** The JSON object in {@code json}, which TimeOS wrote (see {@link #MAX_NUMBER_CHARS}). */
    public static JsonObject readObject(String json) {
        try (JsonReader r = STORED.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }

    public static JsonWriter createWriter(OutputStream out) {
        return PROVIDER.createWriter(out);
    }

    public static JsonString createValue(String value) {
        return PROVIDER.createValue(value);
    }

    public static JsonMergePatch createMergePatch(JsonValue patch) {
        return PROVIDER.createMergePatch(patch);
    }
}
