package dev.timeos.schedule;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "PT30S, 30000",
            "P2D, 172800000",
            "PT1M, 60000",
            "PT0.25S, 250",
            "250ms, 250",
            "30s, 30000",
            "15m, 900000",
            "2h, 7200000",
            "7d, 604800000",
            "' 5s ', 5000",
    })
    void parsesIsoAndShorthand(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "soon", "5 minutes", "5x", "-5s", "PT", "1.5h"})
    void rejectsAnythingElseWithAMessageForTheClient(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT30S");
    }

    @org.junit.jupiter.api.Test
    void formatsAsIso() {
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("PT1H30M");
        assertThat(Durations.format(null)).isNull();
    }
}
