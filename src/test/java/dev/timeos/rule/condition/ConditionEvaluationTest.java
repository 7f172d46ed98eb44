package dev.timeos.rule.condition;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What conditions evaluate to, against {@link Payloads#ORDER} unless a test says otherwise. */
class ConditionEvaluationTest {

    private static boolean test(String condition) {
        return Condition.parse(condition).test(Payloads.ORDER);
    }

    private static boolean test(String condition, String payload) {
        return Condition.parse(condition).test(Payloads.json(payload));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            payload.amount == 1500   => true
            payload.amount == 1501   => false
            payload.amount != 1501   => true
            payload.amount != 1500   => false
            payload.amount <  1501   => true
            payload.amount <  1500   => false
            payload.amount <= 1500   => true
            payload.amount <= 1499   => false
            payload.amount >  1499   => true
            payload.amount >  1500   => false
            payload.amount >= 1500   => true
            payload.amount >= 1501   => false
            1000 < payload.amount    => true
            payload.negative < 0     => true
            payload.negative == -5   => true
            payload.price > 19.9     => true
            payload.price < 20       => true
            """)
    void comparesNumbers(String condition, boolean expected) {
        assertThat(test(condition)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            payload.amount == 1500.0              => true
            payload.amount == 1500.000            => true
            payload.amountDecimal == 1000         => true
            payload.amountDecimal == 1000.00      => true
            payload.amountDecimal >= 1000         => true
            payload.amountString == 1000          => false
            payload.amountString != 1000          => true
            payload.amountString > 999            => false
            payload.amountString < 99999          => false
            payload.amountString == '1000'        => true
            payload.amountString == "1000"        => true
            1000 == 1000.0                        => true
            """)
    void numbersCompareByValueAndNeverEqualStrings(String condition, boolean expected) {
        assertThat(test(condition)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            payload.currency == 'USD'             => true
            payload.currency == "USD"             => true
            payload.currency == 'usd'             => false
            payload.currency != 'EUR'             => true
            'apple' < 'banana'                    => true
            'banana' < 'apple'                    => false
            'Zebra' < 'apple'                     => true
            'abc' <= 'abc'                        => true
            'abc' < 'abcd'                        => true
            payload.customer.name >= 'Ada'        => true
            payload.unicode == 'café'             => true
            payload.unicode == 'caf\\u00e9'       => true
            """)
    void comparesStringsExactlyAndLexicographically(String condition, boolean expected) {
        assertThat(test(condition)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            payload.currency > 5                  => false
            payload.currency < 5                  => false
            payload.currency == 5                 => false
            payload.amount > 'a'                  => false
            payload.vip > false                   => false
            payload.vip >= true                   => false
            payload.vip == 'true'                 => false
            payload.vip == 1                      => false
            payload.customer > 1                  => false
            payload.customer == 'Ada'             => false
            payload.tags < 3                      => false
            payload.nothing < 1                   => false
            payload.nothing >= 0                  => false
            payload.missing > 0                   => false
            payload.missing < 0                   => false
            payload.zero == false                 => false
            payload.zero == null                  => false
            """)
    void incompatibleTypesAreNeitherOrderedNorEqual(String condition, boolean expected) {
        assertThat(test(condition)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            payload.customer.name == 'Ada Lovelace'       => true
            payload.customer.address.city == 'London'     => true
            payload.customer['address'].zip == 'N1'       => true
            payload['customer']["address"]['city'] == 'London' => true
            payload["key with space"] == 'yes'            => true
            payload.items[0].sku == 'A-1'                 => true
            payload.items[1].price == 100                 => true
            payload.items[1]['qty'] == 1                  => true
            payload.matrix[1][0] == 3                     => true
            payload.tags[2] == 2                          => true
            payload.in == 'keyword key'                   => true
            payload["class"] == 'economy'                 => true
            payload.vip                                   => true
            payload.blocked                               => false
            """)
    void pathsReachIntoNestedObjectsAndArrays(String condition, boolean expected) {
        assertThat(test(condition)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            payload.missing == null                       => true
            payload.missing != null                       => false
            payload.missing.deeper.still == null          => true
            payload.customer.missing == null              => true
            payload.items[2] == null                      => true
            payload.items[99].sku == null                 => true
            payload.items.sku == null                     => true
            payload.customer[0] == null                   => true
            payload.currency.length == null               => true
            payload.currency[0] == null                   => true
            payload.nothing == null                       => true
            payload.nothing.below == null                 => true
            payload.missing == 0                          => false
            payload.missing == ''                         => false
            payload.missing == false                      => false
            payload.missing                               => false
            payload.nothing                               => false
            """)
    void missingPathsAreNullNotErrors(String condition, boolean expected) {
        assertThat(test(condition)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            true && true                                  => true
            true && false                                 => false
            false || true                                 => true
            false || false                                => false
            !false                                        => true
            !true                                         => false
            true and true                                 => true
            true and false                                => false
            false or true                                 => true
            not false                                     => true
            not not true                                  => true
            !!true                                        => true
            payload.vip && payload.amount > 1000          => true
            payload.vip and payload.blocked               => false
            payload.blocked || payload.country == 'US'    => true
            !payload.blocked                              => true
            not payload.vip                               => false
            """)
    void logicalOperatorsHaveSymbolAndWordForms(String condition, boolean expected) {
        assertThat(test(condition)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            true || false && false                        => true
            (true || false) && false                      => false
            false && true || true                         => true
            false && (true || true)                       => false
            !false && false                               => false
            !(false && false)                             => true
            not payload.amount == 1500                    => false
            !payload.amount == 1                          => true
            not payload.country in ['US', 'CA']           => false
            1 + 2 * 3 == 7                                => true
            (1 + 2) * 3 == 9                              => true
            10 - 3 - 2 == 5                               => true
            8 / 4 / 2 == 1                                => true
            2 * 3 + 4 * 5 == 26                           => true
            -2 * 3 == -6                                  => true
            - payload.amount == -1500                     => true
            payload.amount > 1000 && payload.amount < 2000 => true
            """)
    void precedenceFollowsTheDocumentedTable(String condition, boolean expected) {
        assertThat(test(condition)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            payload.country in ['US', 'CA']               => true
            payload.country in ['DE', 'FR']               => false
            payload.country not in ['DE', 'FR']           => true
            payload.country not in ['US']                 => false
            payload.country in []                         => false
            payload.amount in [1000, 1500.0]              => true
            payload.amountString in [1000]                => false
            payload.missing in ['US']                     => false
            payload.missing in [null]                     => true
            payload.customer.tier in ['gold', "platinum"] => true
            'gold' in [payload.customer.tier]             => true
            payload.qty in [1 + 2]                        => true
            payload.tags in [payload.tags]                => true
            """)
    void inTestsMembershipOfAListLiteral(String condition, boolean expected) {
        assertThat(test(condition)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            payload.customer.name contains 'Love'         => true
            payload.customer.name contains 'love'         => false
            payload.customer.name contains ''             => true
            payload.tags contains 'promo'                 => true
            payload.tags contains 'pro'                   => false
            payload.tags contains 2                       => true
            payload.tags contains 2.0                     => true
            payload.tags contains '2'                     => false
            payload.matrix contains payload.matrix[0]     => true
            payload.amount contains 1                     => false
            payload.customer contains 'name'              => false
            payload.missing contains 'x'                  => false
            payload.customer.name contains payload.missing => false
            """)
    void containsFindsSubstringsAndArrayElements(String condition, boolean expected) {
        assertThat(test(condition)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            payload.price * payload.qty == 59.97          => true
            payload.items[0].price * payload.items[0].qty > 20 => true
            payload.amount - 500 == 1000                  => true
            payload.amount + 0.5 > 1500                   => true
            0.1 + 0.2 == 0.3                              => true
            payload.amount / 3 > 499.99                   => true
            10 / 4 == 2.5                                 => true
            1 / 3 > 0.333                                 => true
            1 / 3 * 3 == 1                                => false
            payload.amount / 0 == null                    => true
            payload.amount / payload.zero > 0             => false
            payload.amount / payload.zero < 0             => false
            payload.amount / payload.zero == 0            => false
            payload.currency * 2 == null                  => true
            payload.missing + 1 == null                   => true
            payload.missing + 1 > 0                       => false
            """)
    void arithmeticWorksOnNumbersAndNeverThrows(String condition, boolean expected) {
        assertThat(test(condition)).isEqualTo(expected);
    }

    @Test
    void absurdExponentsInThePayloadGiveNullInsteadOfAnException() {
        JsonObject payload = Json.createObjectBuilder()
                .add("huge", new BigDecimal("1E+2000000000"))
                .add("tiny", new BigDecimal("1E-2000000000"))
                .build();

        assertThat(Condition.parse("payload.huge * payload.huge == null").test(payload)).isTrue();
        assertThat(Condition.parse("payload.tiny * payload.tiny == null").test(payload)).isTrue();
        assertThat(Condition.parse("payload.huge + 1 > payload.huge - 1").test(payload)).isFalse();
        assertThat(Condition.parse("payload.huge > 1000").test(payload)).isTrue();
    }

    @Test
    void aBarePathIsTrueOnlyForTheBooleanTrue() {
        assertThat(test("payload.vip")).isTrue();
        assertThat(test("payload.amount")).isFalse();
        assertThat(test("payload.currency")).isFalse();
        assertThat(test("payload.customer")).isFalse();
        assertThat(test("payload.vip || payload.amount")).isTrue();
        assertThat(test("payload.amount && true")).isFalse();
    }

    @Test
    void notOfANonBooleanIsTrueBecauseNullAndNonBooleansAreFalse() {
        assertThat(test("!payload.missing")).isTrue();
        assertThat(test("!payload.amount")).isTrue();
    }

    @Test
    void equalityOfArraysAndObjectsIsStructural() {
        String payload = """
                {"a": [1, {"x": "y"}], "b": [1.0, {"x": "y"}], "c": [1, {"x": "z"}], "d": [1]}
                """;
        assertThat(test("payload.a == payload.b", payload)).isTrue();
        assertThat(test("payload.a == payload.c", payload)).isFalse();
        assertThat(test("payload.a == payload.d", payload)).isFalse();
        assertThat(test("payload.a[1] == payload.b[1]", payload)).isTrue();
        assertThat(test("payload.a[1] != payload.c[1]", payload)).isTrue();
    }

    @Test
    void eventTypeAndOccurredAtComeFromTheContext() {
        Condition condition = Condition.parse(
                "event.type == 'payment_received' && event.occurredAt >= '2026-11-01T00:00:00Z'");
        JsonObject payload = Payloads.ORDER;

        assertThat(condition.test(new ConditionContext(payload, "payment_received",
                Instant.parse("2026-11-23T10:15:30Z")))).isTrue();
        assertThat(condition.test(new ConditionContext(payload, "payment_received",
                Instant.parse("2026-10-31T23:59:59Z")))).isFalse();
        assertThat(condition.test(new ConditionContext(payload, "user_signup",
                Instant.parse("2026-11-23T10:15:30Z")))).isFalse();
    }

    @Test
    void occurredAtIsTheIsoUtcString() {
        Condition condition = Condition.parse("event.occurredAt == '2026-11-23T10:15:30Z'");

        assertThat(condition.test(new ConditionContext(null, "x", Instant.parse("2026-11-23T10:15:30Z")))).isTrue();
    }

    @Test
    void eventFieldsAreNullWhenOnlyAPayloadIsGiven() {
        assertThat(Condition.parse("event.type == null && event.occurredAt == null").test(Payloads.ORDER)).isTrue();
        assertThat(Condition.parse("event.type == 'payment_received'").test(Payloads.ORDER)).isFalse();
    }

    @Test
    void nullPayloadIsReadAsAnEmptyObject() {
        assertThat(Condition.parse("payload.amount == null").test((JsonObject) null)).isTrue();
        assertThat(Condition.parse("payload.amount > 1000").test(new ConditionContext(null, null, null))).isFalse();
    }

    @Test
    void stringLiteralsAreNotInterpolated() {
        String payload = """
                {"template": "${payload.amount}", "amount": 5}
                """;
        assertThat(test("payload.template == '${payload.amount}'", payload)).isTrue();
        assertThat(test("payload.template == '5'", payload)).isFalse();
        assertThat(test("payload.template == '#{1+1}'", payload)).isFalse();
    }
}
