package dev.timeos.rule.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Malformed conditions: each error gives the position and says what was expected. */
class ConditionSyntaxTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            payload.amount >                    => at 16: expected a value (a number, a string, true, false, null, a payload or event path, or '(') but found end of input
            payload.amount >> 1000              => at 16: expected a value (a number, a string, true, false, null, a payload or event path, or '(') but found '>'
            (payload.amount > 1000              => at 22: expected ')' but found end of input
            payload.amount > 1000)              => at 21: unbalanced ')': no matching '('
            payload.amount 1000                 => at 15: expected an operator or the end of the condition but found '1000'
            payload.amount > 1,000              => at 18: expected an operator or the end of the condition but found ','
            payload.                            => at 8: expected a key name after '.' but found end of input; write ["key"] or [0] for other keys and array elements
            payload.'a b' == 1                  => at 8: expected a key name after '.' but found string 'a b'; write ["key"] or [0] for other keys and array elements
            payload.items[0 == 1                => at 16: expected ']' but found '=='
            payload.country in 'US'             => at 19: expected a list such as ['US', 'CA'] after 'in' but found string 'US'
            payload.country in ['US' 'CA']      => at 25: expected ',' or ']' in the list but found string 'CA'
            payload.country in ['US',]          => at 25: expected a value (a number, a string, true, false, null, a payload or event path, or '(') but found ']'
            ['US'] contains payload.country     => at 0: list literals are only allowed after 'in', e.g. payload.country in ['US', 'CA']
            payload.a > 1 > 0                   => at 14: comparisons cannot be chained; combine them with && or ||, e.g. payload.a > 1 && payload.a < 10
            payload.a == 1 == true              => at 15: comparisons cannot be chained; combine them with && or ||, e.g. payload.a > 1 && payload.a < 10
            payload.a in [1] in [true]          => at 17: comparisons cannot be chained; combine them with && or ||, e.g. payload.a > 1 && payload.a < 10
            and payload.a                       => at 0: expected a value (a number, a string, true, false, null, a payload or event path, or '(') but found 'and'
            payload.a and                       => at 13: expected a value (a number, a string, true, false, null, a payload or event path, or '(') but found end of input
            TRUE                                => at 0: unknown name 'TRUE'; paths start with 'payload' or 'event', and strings need quotes
            payload.country == US               => at 19: unknown name 'US'; paths start with 'payload' or 'event', and strings need quotes
            event.typ == 'x'                    => at 6: unknown event field 'typ'; expected 'type', 'occurredAt' or 'id'
            event.type.length == 1              => at 10: event.type is a string and has no fields
            event['type'] == 'x'                => at 5: expected '.type', '.occurredAt' or '.id' after 'event' but found '['
            payload.a + 1 == 1 + 'x'            => at 21: arithmetic '+' needs numbers but found a string
            'x' * 2 == 1                        => at 0: arithmetic '*' needs numbers but found a string
            -'x' == 1                           => at 1: arithmetic '-' needs numbers but found a string
            event.type + 1 == 1                 => at 0: arithmetic '+' needs numbers but found a string
            true + 1 == 2                       => at 0: arithmetic '+' needs numbers but found a boolean
            null * 2 == null                    => at 0: arithmetic '*' needs numbers but found null
            payload.items[99999999999] == 1     => at 14: array index '99999999999' is too large
            """)
    void malformedConditionIsRejectedWithPositionAndExpectation(String source, String message) {
        assertThatThrownBy(() -> Condition.parse(source))
                .isInstanceOf(InvalidConditionException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            1                        => at 0: the condition must be a boolean (a comparison, 'in', 'contains', true, false or a payload path) but is a number
            'yes'                    => at 0: the condition must be a boolean (a comparison, 'in', 'contains', true, false or a payload path) but is a string
            null                     => at 0: the condition must be a boolean (a comparison, 'in', 'contains', true, false or a payload path) but is null
            payload.amount + 1       => at 0: the condition must be a boolean (a comparison, 'in', 'contains', true, false or a payload path) but is a number
            event.type               => at 0: the condition must be a boolean (a comparison, 'in', 'contains', true, false or a payload path) but is a string
            (1)                      => at 0: the condition must be a boolean (a comparison, 'in', 'contains', true, false or a payload path) but is a number
            !5                       => at 1: the operand of '!' must be a boolean (a comparison, 'in', 'contains', true, false or a payload path) but is a number
            not 'x'                  => at 4: the operand of 'not' must be a boolean (a comparison, 'in', 'contains', true, false or a payload path) but is a string
            true && 5                => at 8: the right side of '&&' must be a boolean (a comparison, 'in', 'contains', true, false or a payload path) but is a number
            'a' || true              => at 0: the left side of '||' must be a boolean (a comparison, 'in', 'contains', true, false or a payload path) but is a string
            payload.a and 2 * 3      => at 14: the right side of '&&' must be a boolean (a comparison, 'in', 'contains', true, false or a payload path) but is a number
            """)
    void conditionThatCannotBeBooleanIsRejected(String source, String message) {
        assertThatThrownBy(() -> Condition.parse(source))
                .isInstanceOf(InvalidConditionException.class)
                .hasMessage(message);
    }

    @Test
    void emptyConditionIsRejected() {
        assertThatThrownBy(() -> Condition.parse(""))
                .isInstanceOf(InvalidConditionException.class)
                .hasMessage("at 0: condition is empty; expected an expression such as payload.amount > 1000");
        assertThatThrownBy(() -> Condition.parse("  \n\t "))
                .hasMessageStartingWith("at 0: condition is empty");
    }

    @Test
    void missingConditionIsRejected() {
        assertThatThrownBy(() -> Condition.parse(null))
                .isInstanceOf(InvalidConditionException.class)
                .hasMessageStartingWith("at 0: condition is missing");
    }

    @Test
    void positionCountsCharactersFromZeroIncludingLeadingWhitespace() {
        InvalidConditionException error = (InvalidConditionException) org.assertj.core.api.Assertions
                .catchThrowable(() -> Condition.parse("   payload.a >"));

        assertThat(error.position()).isEqualTo(14);
        assertThat(error.problem()).startsWith("expected a value");
    }

    @Test
    void wordOperatorsAreOrdinaryKeysAfterADot() {
        assertThat(Condition.parse("payload.in == 'keyword key' && payload.not == null && payload.and == null"
                + " && payload.contains == null && payload.true == null && payload.payload == null")
                .test(Payloads.ORDER)).isTrue();
    }

    @Test
    void whitespaceAndNewlinesAreInsignificant() {
        assertThat(Condition.parse("\n  payload.amount\n    >\t1000\n  && payload.vip\n").test(Payloads.ORDER)).isTrue();
        assertThat(Condition.parse("payload.amount>1000&&payload.vip").test(Payloads.ORDER)).isTrue();
    }
}
