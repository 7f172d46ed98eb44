package dev.timeos.rule;

import dev.timeos.schedule.IntervalSchedule;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static dev.timeos.rule.Rules.days;
import static dev.timeos.rule.Rules.hours;
import static dev.timeos.rule.Rules.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesDslTest {

    @Test
    void theReadmeRulesReadAsWritten() {
        Rules rules = new Rules();
        rules.onEvent("user_signup").after(days(2)).perform("send_welcome_email")
                .onEvent("payment_received").after(hours(24))
                .when(p -> p.getJsonNumber("amount").doubleValue() > 1000).perform("send_premium_receipt")
                .everyMonday().at("09:00").in("America/New_York").perform("send_weekly_report")
                .cron("0 0 * * *").in("UTC").perform("daily_cleanup")
                .every(minutes(30)).perform("check_system_health")
                .everyWednesday().perform("midweek_check");
        List<Rule> built = rules.build();
        assertThat(built).extracting(Rule::action).containsExactly("send_welcome_email", "send_premium_receipt",
                "send_weekly_report", "daily_cleanup", "check_system_health", "midweek_check");
        assertThat(built.get(0).trigger()).isEqualTo(new Trigger.OnEvent("user_signup", Duration.ofDays(2)));
        assertThat(built.get(1).accepts(Json.createObjectBuilder().add("amount", 1500).build())).isTrue();
        assertThat(built.get(1).accepts(Json.createObjectBuilder().add("amount", 10).build())).isFalse();
        assertThat(built.get(2).trigger()).isEqualTo(new Trigger.Weekly(DayOfWeek.MONDAY, LocalTime.of(9, 0), ZoneId.of("America/New_York")));
        assertThat(built.get(4).trigger()).isEqualTo(new Trigger.Every(Duration.ofMinutes(30), Duration.ZERO, IntervalSchedule.Mode.FIXED_RATE));
        assertThat(built.get(5).trigger()).isEqualTo(new Trigger.Weekly(DayOfWeek.WEDNESDAY, LocalTime.MIDNIGHT, ZoneId.of("Z")));
        assertThat(built).allSatisfy(r -> assertThat(r.source()).isEqualTo(Rule.Source.CODE));
    }

    @Test
    void mistakesFailWhereTheyAreWritten() {
        Rules rules = new Rules();
        assertThatThrownBy(() -> rules.cron("61 * * * *").perform("x")).hasMessageContaining("minute");
        assertThatThrownBy(() -> rules.everyMonday().at("9am")).hasMessageContaining("at");
        assertThatThrownBy(() -> rules.onEvent("x").at("09:00")).hasMessageContaining("weekly");
        assertThatThrownBy(() -> rules.every(Duration.ZERO).perform("x")).hasMessageContaining("every");
        assertThatThrownBy(() -> rules.onEvent("x").when("payload.a()")).hasMessageContaining("method calls");
    }

    @Test
    void codeRulesGetStableIdsFromTheirNames() {
        assertThat(RuleService.sourceId(Rule.Source.CODE, "user_signup -> send_welcome_email")).isEqualTo("code:user_signup -> send_welcome_email");
        String longName = "x".repeat(100);
        assertThat(RuleService.sourceId(Rule.Source.FILE, longName)).hasSizeLessThanOrEqualTo(64)
                .isEqualTo(RuleService.sourceId(Rule.Source.FILE, longName));
    }
}
