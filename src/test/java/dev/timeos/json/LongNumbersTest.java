package dev.timeos.json;

import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Numbers and JSON-P's bound on their length (Parsson: 1,100 characters). {@code 1094 digits e-1099} was accepted at
 * that bound, and {@code BigDecimal.toString()} writes it plain, 1,101 characters: a stored rule with it in its args
 * broke every read of that rule (a review's finding), and no client could read the answer. A request's numbers are now
 * bounded below that, so that written back they still read with the default, here and in every client.
 */
class LongNumbersTest {

    /** The longest a request may carry, and the longest its plain form can grow to. */
    private static final String AT_THE_BOUND = "1".repeat(JsonP.REQUEST_NUMBER_CHARS - 5) + "e-999";

    @Test
    void aNumberAcceptedAtTheBoundReadsBackWithTheDefaultOnceWritten() {
        assertThat(AT_THE_BOUND).hasSize(JsonP.REQUEST_NUMBER_CHARS);
        JsonObject in = JsonFields.parseObject("{\"n\": " + AT_THE_BOUND + "}");
        String written = in.toString();
        assertThat(written).contains("0.0000" + "1".repeat(995));
        // A client's reader, with JSON-P's defaults.
        JsonObject read = JsonProvider.provider().createReader(new StringReader(written)).readObject();
        assertThat(read.getJsonNumber("n").bigDecimalValue()).isEqualByComparingTo(in.getJsonNumber("n").bigDecimalValue());
        assertThat(JsonP.readObject(written)).isEqualTo(read);
    }

    @Test
    void aLongerNumberIsTheClientsErrorNamingTheBody() {
        InvalidInputException e = catchThrowableOfType(() -> JsonFields.parseObject("{\"n\": 1" + AT_THE_BOUND + "}"),
                InvalidInputException.class);
        assertThat(e.errors()).containsExactly(new FieldError("body", "has a number of more than 1000 characters"));
    }
}
