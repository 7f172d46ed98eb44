package dev.timeos.job;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The sets are named once; answers that list one are written from it, in the words clients have always read. */
class JobStatusTest {

    @Test
    void aSetReadsAsASentence() {
        assertThat(JobStatus.words(JobStatus.PENDING)).isEqualTo("SCHEDULED, WAITING or FAILED");
        assertThat(JobStatus.words(JobStatus.NEVER_SUCCEEDS)).isEqualTo("DEAD or CANCELLED");
        assertThat(JobStatus.words(EnumSet.of(JobStatus.RUNNING))).isEqualTo("RUNNING");
    }

    @Test
    void retentionNeverRemovesADeadLetterNorAJobThatMayStillRun() {
        assertThat(JobStatus.REMOVABLE).doesNotContain(JobStatus.DEAD).doesNotContainAnyElementsOf(JobStatus.CANCELLABLE);
    }
}
