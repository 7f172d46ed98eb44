/**
 * Jobs: the one owner of a job's state.
 * <pre>
 *             create                claim (version+1, attempt+1)          end (fenced by the claim's version)
 *   WAITING ─dependency─▶ SCHEDULED ────────────────────────▶ RUNNING ──▶ SUCCEEDED
 *                             ▲  ▲                               │  ├──▶ FAILED (retry due after backoff) ──▶ claimable
 *                             │  └── not started / released ─────┤  ├──▶ DEAD (dead-letter queue) ──retry──▶ SCHEDULED
 *                             └──── reaped: LOST (started) ──────┘  └──▶ CANCELLED (skipped by overlap)
 *   any of SCHEDULED, WAITING, FAILED, RUNNING ──cancel──▶ CANCELLED (waiting dependents cancelled with it)
 * </pre>
 * <ul>
 *   <li>{@link dev.timeos.job.JobStatus} names the sets of states each transition starts from;</li>
 *   <li>{@link dev.timeos.job.Attempt} is a claimed attempt and its transitions: what each way of ending makes of
 *       the job ({@link dev.timeos.job.AttemptEnd});</li>
 *   <li>{@link dev.timeos.job.RetryPolicy} decides retry or dead, in one place;</li>
 *   <li>{@link dev.timeos.job.JobRepository} is the one writer of job rows: every write is one conditional
 *       statement, and every write to a claimed job names its {@link dev.timeos.job.Lease} (job, version), so a
 *       writer whose claim was superseded changes nothing;</li>
 *   <li>{@link dev.timeos.job.JobService} serves clients (create, read, reschedule, cancel, dead letters); JPA
 *       entities serve reads only.</li>
 * </ul>
 */
package dev.timeos.job;
