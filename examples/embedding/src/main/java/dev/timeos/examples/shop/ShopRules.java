package dev.timeos.examples.shop;

import dev.timeos.rule.RuleSet;
import dev.timeos.rule.Rules;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.timeos.rule.Rules.days;

/** The shop's rules, in Java: what an order placed causes, and when. */
@ApplicationScoped
public class ShopRules implements RuleSet {

    @Override
    public void define(Rules rules) {
        // At once: the shop's own action marks the order confirmed.
        rules.onEvent(Orders.ORDER_PLACED).named("shop-confirm-order").perform(ConfirmOrder.NAME);
        // Three days later: ask for a review (the log action stands in for a mail).
        rules.onEvent(Orders.ORDER_PLACED).after(days(3)).named("shop-review-request").perform("log");
    }
}
