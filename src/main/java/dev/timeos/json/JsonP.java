package dev.timeos.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonMergePatch;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
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

    public static JsonReader createReader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    /** The JSON object in {@code json}. */
    public static JsonObject readObject(String json) {
        try (JsonReader r = PROVIDER.createReader(new StringReader(json))) {
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
