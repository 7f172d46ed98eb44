package dev.timeos.action;

import jakarta.enterprise.context.ApplicationScoped;

/** Does nothing and succeeds: for tests, benchmarks and jobs that exist only to be observed. */
@Action("noop")
@ApplicationScoped
public class NoopAction implements Performer {

    @Override
    public void perform(JobContext job) {
        // nothing to do: success
    }
}
