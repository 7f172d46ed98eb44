package dev.timeos.action;

import dev.timeos.json.Secrets;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.logging.Logger;

/** Writes the job and its arguments to the server log, credentials masked ({@link Secrets}). */
@Action("log")
@ApplicationScoped
public class LogAction implements Performer {

    private static final Logger LOG = Logger.getLogger(LogAction.class.getName());

    @Override
    public void perform(JobContext job) {
        LOG.info(() -> "TimeOS job " + job.jobId() + " attempt " + job.attempt() + ": " + Secrets.mask(job.args()));
    }
}
