package dev.timeos.event;

import dev.timeos.error.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmitEventActionTest {

    private final EmitEventAction action = new EmitEventAction();

    @Test
    void aJobMustNameItsEventType() {
        assertThat(action.check(null, JsonObject.EMPTY_JSON_OBJECT, "payload")).extracting(FieldError::field)
                .containsExactly("target");
        assertThat(action.check("order_shipped", JsonObject.EMPTY_JSON_OBJECT, "payload")).isEmpty();
        assertThat(action.check(null, Json.createObjectBuilder().add("type", "order_shipped").build(), "payload")).isEmpty();
        assertThat(action.check(null, Json.createObjectBuilder().add("type", " ").build(), "payload")).hasSize(1);
    }

    @Test
    void aRuleMayLeaveTheTypeToTheEventsPayload() {
        assertThat(action.check(null, JsonObject.EMPTY_JSON_OBJECT, "args")).isEmpty();
    }
}
