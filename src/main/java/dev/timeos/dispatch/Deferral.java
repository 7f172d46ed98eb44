package dev.timeos.dispatch;

import java.time.Instant;

/** A claimed job handed back unstarted, to be due again at {@code until}. */
public record Deferral(ClaimedJob job, Instant until) {
}
