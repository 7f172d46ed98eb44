package dev.timeos.json;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonPTest {

    /** A call of jakarta.json.Json's factories: each looks the provider up again (a class-path scan on Liberty). */
    private static final Pattern JSON_FACTORY_CALL = Pattern.compile("(?<![\\w.])Json\\.create");

    @Test
    void everyJsonFactoryCallInTimeOSGoesThroughTheOneProvider() throws IOException {
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the project's root");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.endsWith(Path.of("dev/timeos/json/JsonP.java")))
                    .filter(p -> {
                        try {
                            return JSON_FACTORY_CALL.matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders, "use dev.timeos.json.JsonP, not jakarta.json.Json");
    }

    @Test
    void theProviderIsLookedUpOnceAndReadsAndBuilds() {
        assertSame(JsonP.provider(), JsonP.provider());
        assertEquals(3, JsonP.readObject("{\"a\": {\"b\": 3}}").getJsonObject("a").getInt("b"));
        assertEquals("{\"x\":[1]}", JsonP.createObjectBuilder().add("x", JsonP.createArrayBuilder().add(1)).build().toString());
    }
}
