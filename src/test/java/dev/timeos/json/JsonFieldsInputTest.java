package dev.timeos.json;

import dev.timeos.error.FieldError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Client text TimeOS could not store as given: refused by name when read, never changed on the way. */
class JsonFieldsInputTest {

    private static JsonFields fields(String json) {
        return new JsonFields(JsonFields.parseObject(json), "");
    }

    @Test
    void anUnpairedSurrogateIsRefusedInStringsListsAndPayloadsButAPairPasses() {
        JsonFields f = fields("{\"key\": \"k\\ud800\", \"ok\": \"\\ud83d\\ude00\", \"ids\": [\"a\", \"b\\udfff\"], "
                + "\"payload\": {\"n\\udc00\": 1}, \"fine\": {\"smile\": \"\\ud83d\\ude00\"}}");
        assertThat(f.string("key")).isNull();
        assertThat(f.string("ok")).isEqualTo("\ud83d\ude00");
        assertThat(f.strings("ids")).isEmpty();
        assertThat(f.payload("payload")).isNull();
        assertThat(f.payload("fine")).isNotNull();
        assertThat(f.errors()).extracting(FieldError::field).containsExactly("key", "ids", "payload");
    }

    /** PostgreSQL refuses NUL in text: a cancel's ids reached it unchecked (a 500). */
    @Test
    void aNulInAListOfIdsIsRefusedByTheListsName() {
        JsonFields f = fields("{\"ids\": [\"a\\u0000b\"]}");
        assertThat(f.strings("ids")).isEmpty();
        assertThat(f.errors()).containsExactly(new FieldError("ids", "has an item that must not contain the NUL character (\\u0000)"));
    }

    @Test
    void aLoneSurrogateAtTheEndOrBeforeAnotherHighOneIsUnpaired() {
        assertThat(JsonFields.hasUnpairedSurrogate("x\ud800")).isTrue();
        assertThat(JsonFields.hasUnpairedSurrogate("\ud800\ud800\udc00")).isTrue();
        assertThat(JsonFields.hasUnpairedSurrogate("\ud800\udc00\ud800\udc00")).isFalse();
        assertThat(JsonFields.hasUnpairedSurrogate("plain")).isFalse();
    }
}
