package dev.timeos.event;

import java.util.List;

/**
 * What emitting an event did.
 *
 * @param duplicate the idempotency key was known: {@code id} is the first event's, and no job was created
 * @param jobIds    the jobs the event caused (for a duplicate: the first event's)
 * @param rules     why each rule of the event's type did or did not make a job (for a duplicate: the first event's)
 */
public record Emitted(String id, String type, boolean duplicate, List<String> jobIds, List<RuleDecision> rules) {

    public Emitted(String id, String type, boolean duplicate, List<String> jobIds) {
        this(id, type, duplicate, jobIds, List.of());
    }
}
