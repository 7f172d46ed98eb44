package dev.timeos.error;

/**
 * What a transactional service answers for a request it refuses before writing anything (a missing job or rule, a
 * conflicting state, invalid input): the refusal as a value, thrown by the caller once outside the transaction.
 * <p>
 * Why not simply throw: an exception that leaves a method through the container's {@code @Transactional} interceptor
 * is an FFDC incident on Liberty (a file in logs/ffdc and a line in messages.log), as if the server had failed. An
 * expected 400, 404 or 409 is an answer, not a failure. A refusal after something was written still throws, so that
 * the transaction rolls back.
 */
public final class Outcome<T> {

    private final T value;
    private final RuntimeException refusal;

    private Outcome(T value, RuntimeException refusal) {
        this.value = value;
        this.refusal = refusal;
    }

    public static <T> Outcome<T> of(T value) {
        return new Outcome<>(value, null);
    }

    /** Done, with nothing to answer. */
    public static Outcome<Void> done() {
        return new Outcome<>(null, null);
    }

    public static <T> Outcome<T> refused(RuntimeException refusal) {
        return new Outcome<>(null, refusal);
    }

    public boolean isRefused() {
        return refusal != null;
    }

    /** The refusal, when there is one; to carry it into another outcome. */
    public <U> Outcome<U> refusal() {
        if (refusal == null) {
            throw new IllegalStateException("not refused");
        }
        return new Outcome<>(null, refusal);
    }

    /** The value; or the refusal, thrown here (outside the transaction that decided it). */
    public T orThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return value;
    }
}
