/**
 * Pure time calculation for time-triggered rules: when does a {@link dev.timeos.schedule.Schedule}
 * fire next. No clock, no I/O, no dependencies beyond {@code java.time}.
 *
 * <ul>
 *   <li>{@link dev.timeos.schedule.CronSchedule}: 5- or 6-field cron in an IANA timezone, Vixie day
 *       rule, cronie DST rule (fixed-time vs wildcard);</li>
 *   <li>{@link dev.timeos.schedule.WeeklySchedule}: "MONDAY at 09:00 in New York", a fixed-time cron;</li>
 *   <li>{@link dev.timeos.schedule.IntervalSchedule}: "every PT30M", real elapsed time;</li>
 *   <li>{@link dev.timeos.schedule.OnceSchedule}: one instant;</li>
 *   <li>{@link dev.timeos.schedule.Misfires}: which missed occurrences to run after downtime.</li>
 * </ul>
 *
 * <p>Choices made where cron dialects differ:
 * <ul>
 *   <li>Day-of-month and day-of-week: when either field starts with {@code *} or {@code ?}, both must
 *       match (so {@code *}{@code /2} in day-of-month still means odd days); otherwise either may match.
 *       This is cronie's code, not just its man page.</li>
 *   <li>Day-of-week {@code L} alone is rejected (Quartz reads it as Saturday, which surprises);
 *       {@code nL} and {@code n#k} are accepted, with names too ({@code FRI#1}).</li>
 *   <li>{@code a/n} runs from a to the end of the field (to Saturday for day-of-week);
 *       reversed ranges ({@code 22-2}, {@code FRI-MON}) are rejected rather than wrapped.</li>
 *   <li>{@code nW} never leaves the month and does not fire in months shorter than n;
 *       {@code L-n} accepts n in 0-30.</li>
 *   <li>An expression that cannot fire within 400 years (one whole Gregorian cycle, so exactly
 *       "never" for date patterns) yields an empty {@code Optional}.</li>
 *   <li>{@code @reboot} is not supported (there is no "boot" for a cluster-wide rule).</li>
 * </ul>
 */
package dev.timeos.schedule;
