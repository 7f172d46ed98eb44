package dev.timeos.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    @Test
    void idsAreVersion7UuidsOrderedByCreationTime() {
        String earlier = Ids.newId(1_700_000_000_000L);
        String later = Ids.newId(1_700_000_000_001L);
        assertThat(UUID.fromString(earlier).version()).isEqualTo(7);
        assertThat(UUID.fromString(earlier).variant()).isEqualTo(2);
        assertThat(earlier).isLessThan(later);
        assertThat(earlier).startsWith("018bcfe5-6800-7");
    }

    /** The job list orders by id alone (V12): string order must be instant order, whatever the instant's size. */
    @Test
    void idsMadeAtInstantsSortAsTheInstants() {
        List<Instant> instants = List.of(Instant.ofEpochMilli(1), Instant.ofEpochMilli(255), Instant.ofEpochMilli(256),
                Instant.parse("2026-12-04T10:00:00.000Z"), Instant.parse("2026-12-04T10:00:00.001Z"),
                Instant.parse("2099-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"));
        List<String> ids = instants.stream().map(Ids::newId).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void idsDoNotCollide() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(Ids.newId(42));
        }
        assertThat(ids).hasSize(100_000);
    }
}
