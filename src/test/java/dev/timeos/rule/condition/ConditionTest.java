package dev.timeos.rule.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The public API of {@link Condition}, and the seed README's rules written as conditions. */
class ConditionTest {

    @Test
    void premiumReceiptRuleMatchesOnlyAmountsAboveOneThousand() {
        // on_event :payment_received, when: fn payload -> payload["amount"] > 1000 end
        Condition when = Condition.parse("payload.amount > 1000");

        assertThat(when.test(Payloads.json("{\"amount\": 1500}"))).isTrue();
        assertThat(when.test(Payloads.json("{\"amount\": 1000.01}"))).isTrue();
        assertThat(when.test(Payloads.json("{\"amount\": 1000}"))).isFalse();
        assertThat(when.test(Payloads.json("{\"amount\": 1000.0}"))).isFalse();
        assertThat(when.test(Payloads.json("{\"amount\": 100}"))).isFalse();
        assertThat(when.test(Payloads.json("{\"amount\": \"1500\"}"))).isFalse();
        assertThat(when.test(Payloads.json("{\"amount\": null}"))).isFalse();
        assertThat(when.test(Payloads.json("{}"))).isFalse();
    }

    @Test
    void welcomeEmailRuleMatchesTheUserIdAsAString() {
        // TimeOS.emit(:user_signup, %{"user_id" => "123"})
        Condition when = Condition.parse("payload.user_id == '123'");

        assertThat(when.test(Payloads.json("{\"user_id\": \"123\"}"))).isTrue();
        assertThat(when.test(Payloads.json("{\"user_id\": 123}"))).isFalse();
        assertThat(when.test(Payloads.json("{\"user_id\": \"1234\"}"))).isFalse();
    }

    @Test
    void batchSignupRuleCombinesEventTypeAndMembership() {
        // TimeOS.emit_batch([{:user_signup, %{"user_id" => "1"}}, ...])
        Condition when = Condition.parse("event.type == 'user_signup' and payload.user_id in ['1', '2', '3']");
        Instant now = Instant.parse("2026-11-23T09:00:00Z");

        assertThat(when.test(new ConditionContext(Payloads.json("{\"user_id\": \"2\"}"), "user_signup", now))).isTrue();
        assertThat(when.test(new ConditionContext(Payloads.json("{\"user_id\": \"4\"}"), "user_signup", now))).isFalse();
        assertThat(when.test(new ConditionContext(Payloads.json("{\"user_id\": \"2\"}"), "payment_received", now)))
                .isFalse();
    }

    @Test
    void sourceAndToStringAreTheTextAsWritten() {
        String source = "  payload.amount   > 1000 ";
        Condition condition = Condition.parse(source);

        assertThat(condition.source()).isEqualTo(source);
        assertThat(condition).hasToString(source);
    }

    @Test
    void conditionsWithTheSameSourceAreEqual() {
        assertThat(Condition.parse("payload.a == 1")).isEqualTo(Condition.parse("payload.a == 1"))
                .hasSameHashCodeAs(Condition.parse("payload.a == 1"))
                .isNotEqualTo(Condition.parse("payload.a==1"));
    }

    @Test
    void testWithPayloadIsTestWithAContextHoldingOnlyThePayload() {
        Condition condition = Condition.parse("payload.amount > 1000 && event.type == null");

        assertThat(condition.test(Payloads.ORDER)).isTrue();
        assertThat(condition.test(ConditionContext.of(Payloads.ORDER))).isTrue();
    }

    @Test
    void nullContextIsAProgrammingError() {
        assertThatThrownBy(() -> Condition.parse("true").test((ConditionContext) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void parsedTreeIsBuiltFromRecords() {
        Expr tree = Condition.parse("payload.items[0].sku == 'A-1' || !payload.vip").expression();

        assertThat(tree).isEqualTo(new Expr.Or(List.of(
                new Expr.Compare(new Expr.PayloadPath(List.of(new Expr.Key("items"), new Expr.Index(0),
                        new Expr.Key("sku"))), Expr.Compare.Comparison.EQ, new Expr.Literal("A-1")),
                new Expr.Not(new Expr.PayloadPath(List.of(new Expr.Key("vip")))))));
    }

    @Test
    void oneConditionServesManyThreadsAtOnce() throws Exception {
        Condition condition = Condition.parse("payload.n * 2 > 100 && payload.tag in ['a', 'b']");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    int matches = 0;
                    for (int n = 0; n < 1000; n++) {
                        JsonObject payload = Payloads.JSON.createObjectBuilder().add("n", n).add("tag", n % 2 == 0 ? "a" : "z")
                                .build();
                        if (condition.test(payload)) {
                            matches++;
                        }
                    }
                    return matches;
                });
            }
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                // n in 51..999 and even: 474 of them.
                assertThat(result.get()).isEqualTo(474);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
