package dev.timeos;

import java.util.List;

/** What {@link TimeOS#cancel(List)} did with each id: cancelled now (or already), unknown, or past cancelling. */
public record Cancellation(List<String> cancelled, List<String> notFound, List<String> notCancellable) {
}
