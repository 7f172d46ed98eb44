package dev.timeos.rule.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The sandbox: everything that could reach outside the payload, change state or run long is refused
 * when the condition is parsed, with a message that names the problem. Each test is one family of
 * escape attempts.
 */
class ConditionSandboxTest {

    private static InvalidConditionException rejected(String source) {
        InvalidConditionException error = catchThrowableOfType(() -> Condition.parse(source),
                InvalidConditionException.class);
        assertThat(error).as("expected %s to be rejected", source).isNotNull();
        assertThat(error.getMessage()).startsWith("at " + error.position() + ": ");
        return error;
    }

    private static void assertRejected(String source, int position, String problem) {
        InvalidConditionException error = rejected(source);
        assertThat(error.position()).as("position in %s", source).isEqualTo(position);
        assertThat(error.getMessage()).as("message for %s", source).contains(problem);
    }

    @Test
    void methodCallIsRejected() {
        assertRejected("payload.name.length() > 3", 13, "method calls are not allowed");
        assertRejected("payload.items.size() > 0", 14, "method calls are not allowed");
        assertRejected("payload.name.equals('x')", 13, "method calls are not allowed");
        assertRejected("payload.toString() == ''", 8, "method calls are not allowed");
        assertRejected("payload['name'].trim() == ''", 16, "method calls are not allowed");
        assertRejected("payload.items[0]() == 1", 16, "method calls are not allowed");
        assertRejected("payload() == 1", 7, "method calls are not allowed");
        assertRejected("event.type.toUpperCase() == 'X'", 10, "no fields");
        assertRejected("event.type() == 'x'", 6, "method calls are not allowed");
    }

    @Test
    void methodCallMessageNamesTheMethod() {
        assertThat(rejected("payload.name.length() > 3").getMessage())
                .isEqualTo("at 13: method calls are not allowed: 'length(...)'");
    }

    @Test
    void functionCallIsRejected() {
        assertRejected("x()", 0, "function and method calls are not allowed");
        assertRejected("size(payload.items) > 0", 0, "calls are not allowed");
        assertRejected("exit(0) == null", 0, "calls are not allowed");
        assertRejected("(payload.name)(1)", 14, "calls are not allowed");
        assertRejected("'abc'(0) == 'a'", 5, "calls are not allowed");
    }

    @Test
    void getClassIsRejected() {
        assertRejected("payload.getClass() != null", 8, "method calls are not allowed");
        assertRejected("payload.amount.getClass().name == 'x'", 15, "method calls are not allowed");
    }

    @Test
    void reflectionAttemptIsRejected() {
        assertRejected("payload.getClass().forName('java.lang.Runtime') != null", 8, "method calls are not allowed");
        assertRejected("Class.forName('java.lang.Runtime') != null", 0, "class and static access are not allowed");
        assertRejected("payload['class'].forName('java.lang.Runtime') != null", 17, "method calls are not allowed");
        assertRejected("payload.class.getMethods() != null", 8, "class access ('.class') is not allowed");
        assertRejected("payload.getClass().getDeclaredMethod('exec').invoke(null) == null", 8,
                "method calls are not allowed");
    }

    @Test
    void classAccessIsRejected() {
        assertRejected("''.class == null", 2, "class access ('.class') is not allowed");
        assertRejected("1.class == null", 1, "class access ('.class') is not allowed");
        assertRejected("payload.class == 'economy'", 8, "class access ('.class') is not allowed");
        assertRejected("payload.customer.class == null", 17, "class access ('.class') is not allowed");
        assertRejected("event.class == null", 6, "class access ('.class') is not allowed");
        assertRejected("String.class == null", 0, "class and static access are not allowed");
    }

    @Test
    void classAccessMessageShowsHowToReadAKeyNamedClass() {
        assertThat(rejected("payload.class == 'economy'").getMessage()).contains("[\"class\"]");
        assertThat(Condition.parse("payload[\"class\"] == 'economy'").test(Payloads.ORDER)).isTrue();
    }

    @Test
    void staticAccessIsRejected() {
        assertRejected("java.lang.System.exit(0)", 0, "class and static access are not allowed");
        assertRejected("java.lang.Math.PI > 3", 0, "class and static access are not allowed");
        assertRejected("System.getenv('HOME') != null", 0, "class and static access are not allowed");
        assertRejected("Runtime.getRuntime().exec('rm -rf /') == null", 0, "class and static access are not allowed");
        assertRejected("T(java.lang.Runtime).getRuntime() == null", 0, "calls are not allowed");
        assertRejected("@java.lang.Runtime@getRuntime() == null", 0, "unexpected character '@'");
        assertRejected("String::valueOf", 6, "method references ('::') are not allowed");
    }

    @Test
    void onlyPayloadAndEventAreReachable() {
        assertRejected("system == null", 0, "unknown name 'system'");
        assertRejected("this == null", 0, "unknown name 'this'");
        assertRejected("request.remoteUser == 'admin'", 0, "is not a path root");
        assertRejected("applicationScope.x == 1", 0, "is not a path root");
        assertRejected("event.payload == null", 6, "unknown event field 'payload'; expected 'type', 'occurredAt' or 'id'");
        assertRejected("event == null", 6, "expected '.type', '.occurredAt' or '.id' after 'event'");
    }

    @Test
    void computedKeysAreRejected() {
        assertRejected("payload[payload.key] == 1", 8, "expected a quoted key or an array index");
        assertRejected("payload.items[payload.i] == 1", 14, "expected a quoted key or an array index");
        assertRejected("payload.items[-1] == 1", 14, "must not be negative");
        assertRejected("payload.items[1.5] == 1", 14, "must be a whole number");
    }

    @Test
    void assignmentIsRejected() {
        assertRejected("payload.amount = 1", 15, "assignment is not allowed; use '==' to compare");
        assertRejected("payload.amount += 1", 15, "assignment ('+=') is not allowed");
        assertRejected("payload.amount -= 1", 15, "assignment ('-=') is not allowed");
        assertRejected("payload.amount *= 2", 15, "assignment ('*=') is not allowed");
        assertRejected("payload.amount /= 2", 15, "assignment ('/=') is not allowed");
        assertRejected("payload.flag |= true", 13, "assignment ('|=') is not allowed");
        assertRejected("payload.flag &= true", 13, "assignment ('&=') is not allowed");
        assertRejected("payload.amount %= 2", 15, "assignment ('%=') is not allowed");
        assertRejected("payload.amount === 1", 17, "assignment is not allowed");
        assertRejected("(payload.a = 1) == 1", 11, "assignment is not allowed");
    }

    @Test
    void incrementAndDecrementAreRejected() {
        assertRejected("payload.amount++ > 0", 14, "increment and decrement ('++') are not allowed");
        assertRejected("--payload.amount > 0", 0, "increment and decrement ('--') are not allowed");
    }

    @Test
    void lambdaIsRejected() {
        assertRejected("x -> true", 2, "lambdas ('->') are not allowed");
        assertRejected("payload.items.stream().anyMatch(i -> i.qty > 1)", 14, "method calls are not allowed");
        assertRejected("payload.items.anyMatch(i -> true)", 14, "method calls are not allowed");
    }

    @Test
    void semicolonIsRejected() {
        assertRejected("true; false", 4, "semicolons are not allowed");
        assertRejected("payload.a == 1;", 14, "semicolons are not allowed");
    }

    @Test
    void newIsRejected() {
        assertRejected("new java.io.File('/etc/passwd') != null", 0, "object creation ('new') is not allowed");
        assertRejected("new String('x') == 'x'", 0, "object creation ('new') is not allowed");
        assertRejected("payload.a == new int[1]", 13, "object creation ('new') is not allowed");
    }

    @Test
    void elMarkersAreRejected() {
        assertRejected("#{payload.amount > 1000}", 0, "EL expressions ('#{...}', '${...}') are not allowed");
        assertRejected("${payload.amount > 1000}", 0, "EL expressions ('#{...}', '${...}') are not allowed");
        assertRejected("payload.amount > ${limit}", 17, "EL expressions");
        assertRejected("#this == null", 0, "unexpected character '#'");
        assertRejected("payload == {}", 11, "blocks and object literals are not allowed");
    }

    @Test
    void elMarkersInsideStringLiteralsAreInertText() {
        Condition condition = Condition.parse("payload.note == '${java.lang.Runtime.getRuntime()}'");

        assertThat(condition.test(Payloads.json("{\"note\": \"${java.lang.Runtime.getRuntime()}\"}"))).isTrue();
        assertThat(condition.test(Payloads.json("{\"note\": \"other\"}"))).isFalse();
    }

    @Test
    void regularExpressionsAreRejected() {
        assertRejected("payload.email matches '.*@example.com'", 14, "regular expressions are not allowed");
        assertRejected("payload.email =~ 'x'", 14, "assignment is not allowed");
    }

    @Test
    void typeTestsAndTernariesAreRejected() {
        assertRejected("payload.amount instanceof Number", 15, "type tests ('instanceof') are not allowed");
        assertRejected("payload.vip ? true : false", 12, "unexpected character '?'");
    }

    @Test
    void overlyLongExpressionIsRejected() {
        String longest = "payload.a == '" + "x".repeat(Condition.MAX_STRING_LENGTH) + "'"
                + " || payload.b == 1".repeat(80);
        String padded = longest + " ".repeat(Condition.MAX_LENGTH - longest.length());
        assertThat(padded).hasSize(Condition.MAX_LENGTH);
        assertThatCode(() -> Condition.parse(padded)).doesNotThrowAnyException();

        assertRejected(padded + " ", Condition.MAX_LENGTH, "condition is too long (2001 characters, at most 2000 allowed)");
        assertRejected("true || ".repeat(100_000) + "true", Condition.MAX_LENGTH, "condition is too long");
    }

    @Test
    void overlyLongStringLiteralIsRejected() {
        String atLimit = "payload.a == '" + "x".repeat(Condition.MAX_STRING_LENGTH) + "'";
        assertThatCode(() -> Condition.parse(atLimit)).doesNotThrowAnyException();

        assertRejected("payload.a == '" + "x".repeat(Condition.MAX_STRING_LENGTH + 1) + "'", 13,
                "string literal is too long (at most 500 characters allowed)");
    }

    @Test
    void overlyDeepExpressionIsRejected() {
        int max = Condition.MAX_DEPTH;
        assertThatCode(() -> Condition.parse("(".repeat(max) + "true" + ")".repeat(max))).doesNotThrowAnyException();

        assertRejected("(".repeat(max + 1) + "true" + ")".repeat(max + 1), max, "condition is nested too deeply");
        assertRejected("!".repeat(max + 1) + "true", max, "nested too deeply");
        assertRejected("not ".repeat(max + 1) + "true", 4 * max, "nested too deeply");
        assertRejected("- ".repeat(max + 1) + "1 == 1", 2 * max, "nested too deeply");
        assertRejected("(".repeat(1000), max, "nested too deeply");
    }

    @Test
    void longFlatChainsAreNotDeepAndEvaluateQuickly() {
        // Length, not nesting, bounds these; they build flat or left-leaning trees.
        Condition or = Condition.parse("payload.missing == 1" + " || payload.missing == 1".repeat(80) + " || true");
        Condition sum = Condition.parse("1" + " + 1".repeat(490) + " == 491");
        JsonObject payload = Payloads.ORDER;

        assertThat(or.test(payload)).isTrue();
        assertThat(sum.test(payload)).isTrue();
    }

    @Test
    void payloadStringsThatLookLikeCodeAreJustData() {
        JsonObject payload = Payloads.json("""
                {"cmd": "java.lang.Runtime.getRuntime().exec('touch /tmp/pwned')", "class": "java.lang.Runtime"}
                """);

        assertThat(Condition.parse("payload.cmd contains 'exec'").test(payload)).isTrue();
        assertThat(Condition.parse("payload['class'] == 'java.lang.Runtime'").test(payload)).isTrue();
    }

    @Test
    void everyRejectionIsAnIllegalArgumentWithAPosition() {
        InvalidConditionException error = rejected("payload.name.length() > 3");

        assertThat(error).isInstanceOf(IllegalArgumentException.class);
        assertThat(error.problem()).isEqualTo("method calls are not allowed: 'length(...)'");
    }
}
