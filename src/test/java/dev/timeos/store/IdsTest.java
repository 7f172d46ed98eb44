package dev.timeos.store;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
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

    @Test
    void idsDoNotCollide() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(Ids.newId(42));
        }
        assertThat(ids).hasSize(100_000);
    }
}
