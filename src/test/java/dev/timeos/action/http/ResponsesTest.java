package dev.timeos.action.http;

import dev.timeos.action.PermanentFailure;
import dev.timeos.action.RetryLater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponsesTest {

    private static final Instant NOW = Instant.EPOCH.plus(Duration.ofDays(20_000)).plusSeconds(17);

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void twoHundredsSucceed(int status) {
        assertThatCode(() -> Responses.judge(status, null, "", NOW)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
    void timeoutsThrottlingAndServerErrorsRetry(int status) {
        assertThatThrownBy(() -> Responses.judge(status, null, "busy", NOW))
                .isInstanceOf(RetryLater.class).hasMessageContaining("HTTP " + status)
                .satisfies(e -> assertThat(((RetryLater) e).notBefore()).isNull());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 409, 410, 422, 301, 304, 100})
    void otherAnswersGoToTheDeadLetterQueueWithStatusAndExcerpt(int status) {
        assertThatThrownBy(() -> Responses.judge(status, null, "  no such\n  hook  ", NOW))
                .isInstanceOf(PermanentFailure.class).hasMessage("HTTP " + status + ": no such hook");
    }

    @Test
    void retryAfterInSecondsCountsFromTheAnswer() {
        assertThatThrownBy(() -> Responses.judge(429, "120", "", NOW))
                .isInstanceOf(RetryLater.class)
                .satisfies(e -> assertThat(((RetryLater) e).notBefore()).isEqualTo(NOW.plusSeconds(120)));
    }

    @Test
    void retryAfterAsAnHttpDate() {
        Instant at = NOW.plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC));
        assertThat(RetryAfter.parse(date, NOW)).isEqualTo(at);
        assertThatThrownBy(() -> Responses.judge(503, date, "", NOW))
                .satisfies(e -> assertThat(((RetryLater) e).notBefore()).isEqualTo(at));
    }

    @Test
    void anUnreadableRetryAfterIsIgnored() {
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isNull();
        assertThat(RetryAfter.parse(null, NOW)).isNull();
    }

    @Test
    void aLongBodyIsCut() {
        String body = "x".repeat(5000);
        assertThatThrownBy(() -> Responses.judge(400, null, body, NOW))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(Responses.EXCERPT_CHARS + 20));
    }
}
