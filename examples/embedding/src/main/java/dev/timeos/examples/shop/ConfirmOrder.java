package dev.timeos.examples.shop;

import dev.timeos.action.Action;
import dev.timeos.action.JobContext;
import dev.timeos.action.Performer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The shop's own action, run by TimeOS's workers when the job of an order placed is due: it marks the order
 * confirmed. Delivery is at-least-once, so it is idempotent (confirming twice changes nothing).
 */
@Action(ConfirmOrder.NAME)
@ApplicationScoped
public class ConfirmOrder implements Performer {

    static final String NAME = "confirm_order";

    @Inject
    Orders orders;

    @Override
    public void perform(JobContext job) throws java.sql.SQLException {
        orders.confirm(job.args().getString("order_id"), job.jobId());
    }
}
