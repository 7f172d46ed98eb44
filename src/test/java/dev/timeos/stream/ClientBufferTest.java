package dev.timeos.stream;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClientBufferTest {

    private static StreamItem item(long seq, String type) {
        return new StreamItem(seq, type, "event " + seq);
    }

    @Test
    void aFullBufferDropsAndCountsInsteadOfWaiting() throws InterruptedException {
        ClientBuffer b = new ClientBuffer(Set.of(), 2);
        assertThat(b.offer(item(1, "JobScheduled"))).isTrue();
        assertThat(b.offer(item(2, "JobScheduled"))).isTrue();
        assertThat(b.offer(item(3, "JobScheduled"))).isFalse();
        assertThat(b.offer(item(4, "JobScheduled"))).isFalse();
        assertThat(b.dropped()).isEqualTo(2);
        assertThat(b.newlyDropped()).isEqualTo(2);
        assertThat(b.newlyDropped()).isZero();
        // The oldest are kept, in order: the client sees a gap, told by the count, not a reordering.
        assertThat(b.take(0).seq()).isEqualTo(1);
        assertThat(b.offer(item(5, "JobScheduled"))).isTrue();
        assertThat(b.take(0).seq()).isEqualTo(2);
        assertThat(b.take(0).seq()).isEqualTo(5);
        assertThat(b.take(0)).isNull();
    }

    @Test
    void onlyTheTypesAskedForAreBufferedAndOthersAreNotCountedAsDropped() throws InterruptedException {
        ClientBuffer b = new ClientBuffer(Set.of("RuleMatched"), 1);
        assertThat(b.offer(item(1, "JobStarted"))).isTrue();
        assertThat(b.offer(item(2, "RuleMatched"))).isTrue();
        assertThat(b.buffered()).isEqualTo(1);
        assertThat(b.take(0).type()).isEqualTo("RuleMatched");
        assertThat(b.dropped()).isZero();
    }

    @Test
    void aClosedBufferTakesNothingMore() throws InterruptedException {
        ClientBuffer b = new ClientBuffer(Set.of(), 4);
        b.offer(item(1, "JobDead"));
        b.close();
        assertThat(b.isClosed()).isTrue();
        b.offer(item(2, "JobDead"));
        assertThat(b.take(0)).isNull();
        assertThat(b.dropped()).isZero();
    }
}
