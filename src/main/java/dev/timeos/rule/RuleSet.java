package dev.timeos.rule;

/**
 * Rules written in Java: implement this as a CDI bean ({@code @ApplicationScoped}); TimeOS reads every
 * RuleSet at startup and on {@code POST /api/rules/reload}.
 * <pre>{@code
 * @ApplicationScoped
 * public class SignupRules implements RuleSet {
 *     public void define(Rules rules) {
 *         rules.onEvent("user_signup").after(days(2)).perform("send_welcome_email");
 *         rules.onEvent("payment_received").after(hours(24))
 *              .when(payload -> payload.getJsonNumber("amount").doubleValue() > 1000)
 *              .perform("send_premium_receipt");
 *         rules.everyMonday().at("09:00").in("America/New_York").perform("send_weekly_report");
 *         rules.cron("0 0 * * *").perform("daily_cleanup");
 *     }
 * }
 * }</pre>
 * A code rule's id is {@code code:} and its name (by default: trigger and action), so it keeps its id,
 * and its schedule, across restarts.
 */
public interface RuleSet {

    void define(Rules rules);
}
