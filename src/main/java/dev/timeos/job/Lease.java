package dev.timeos.job;

/**
 * A claim on one attempt of a job: the job and the version its claim wrote. Every write for the attempt names
 * both, so a writer whose claim was superseded (the job was reaped, handed back, cancelled) changes nothing.
 * It is also the key of the engine's in-memory bookkeeping: two attempts of one job are two leases.
 */
public record Lease(String jobId, long version) {

    @Override
    public String toString() {
        return jobId + "@v" + version;
    }
}
