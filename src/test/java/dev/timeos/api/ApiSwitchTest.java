package dev.timeos.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiSwitchTest {

    @Test
    void closesTimeOSResourcesOnly() {
        assertThat(ApiSwitch.closes(JobsResource.class)).isTrue();
        assertThat(ApiSwitch.closes(RulesResource.class)).isTrue();
        // A host application's resource, in another package, stays open.
        assertThat(ApiSwitch.closes(String.class)).isFalse();
        assertThat(ApiSwitch.closes(dev.timeos.TimeOS.class)).isFalse();
        // No matched resource (the runtime's own 404): nothing to close.
        assertThat(ApiSwitch.closes(null)).isFalse();
    }
}
