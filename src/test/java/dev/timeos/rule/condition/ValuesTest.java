package dev.timeos.rule.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void linearSubstringSearchAgreesWithStringContains() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            String text = randomText(random, random.nextInt(200));
            String part = random.nextBoolean() && text.length() > 40
                    ? text.substring(random.nextInt(text.length() - 40)).substring(0, 33 + random.nextInt(7))
                    : randomText(random, 33 + random.nextInt(20));
            assertThat(Values.containsSubstring(text, part)).as("%s in %s", part, text).isEqualTo(text.contains(part));
        }
    }

    @Test
    void shortNeedlesAndEdgeCasesAgreeWithStringContains() {
        assertThat(Values.containsSubstring("abc", "")).isTrue();
        assertThat(Values.containsSubstring("", "a")).isFalse();
        assertThat(Values.containsSubstring("abc", "bc")).isTrue();
        String needle = "ab".repeat(20) + "c";
        assertThat(Values.containsSubstring("x" + needle, needle)).isTrue();
        assertThat(Values.containsSubstring(needle.substring(1), needle)).isFalse();
        assertThat(Values.containsSubstring("aab".repeat(30) + "aabaabaac", "aab".repeat(15) + "aac")).isTrue();
    }

    @Test
    void containsOnAHostilePayloadStaysFast() {
        // Naive search: 1,000,000 x 50,000 character comparisons; linear search: about 1,050,000.
        JsonObject payload = Json.createObjectBuilder()
                .add("text", "a".repeat(1_000_000))
                .add("word", "a".repeat(50_000) + "b")
                .build();
        Condition condition = Condition.parse("payload.text contains payload.word");

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(condition.test(payload)).isFalse());
    }

    @Test
    void deepStructuralEqualityOfLargeArraysDoesNotThrow() {
        // One provider: Json.createObjectBuilder() looks the provider up again on every call.
        JsonProvider json = JsonProvider.provider();
        var a = json.createArrayBuilder();
        var b = json.createArrayBuilder();
        for (int i = 0; i < 10_000; i++) {
            a.add(json.createObjectBuilder().add("i", i));
            b.add(json.createObjectBuilder().add("i", i + 0.0));
        }
        JsonObject payload = json.createObjectBuilder().add("a", a).add("b", b).build();

        assertThatCode(() -> assertThat(Condition.parse("payload.a == payload.b").test(payload)).isTrue())
                .doesNotThrowAnyException();
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(2)));
        }
        return text.toString();
    }
}
