package dev.timeos.api;

import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The list endpoints' {@code limit} and {@code offset}: parsed here, bounded by {@code Page}. */
class PagingTest {

    @Test
    void absentParametersAreTheFirstPageOfTheDefaultSize() {
        assertThat(Paging.of(null, " ")).isEqualTo(new Paging(100, 0));
        assertThat(Paging.of(" 1000 ", "7")).isEqualTo(new Paging(1000, 7));
    }

    @Test
    void eachBadFieldIsNamedOnceWhetherItIsNoNumberOrOutOfRange() {
        InvalidInputException e = catchThrowableOfType(() -> Paging.of("ten", "-1"), InvalidInputException.class);
        assertThat(e.errors()).containsExactly(
                new FieldError("limit", "must be an integer between 1 and 1000"),
                new FieldError("offset", "must be between 0 and " + Integer.MAX_VALUE));

        e = catchThrowableOfType(() -> Paging.of("1001", "99999999999"), InvalidInputException.class);
        assertThat(e.errors()).containsExactly(
                new FieldError("limit", "must be between 1 and 1000"),
                new FieldError("offset", "must be an integer between 0 and " + Integer.MAX_VALUE));
    }
}
