package dev.timeos.job;

import dev.timeos.error.FieldError;
import dev.timeos.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a caller of a list may ask for, the Java API's and REST's alike (the configured largest limit is 1000). */
class PageTest {

    @Test
    void aLimitFromOneToTheLargestAndAnyOffsetFromZeroAreAPage() {
        assertThatCode(() -> Page.checkWindow(1, 0)).doesNotThrowAnyException();
        assertThatCode(() -> Page.checkWindow(1000, Integer.MAX_VALUE)).doesNotThrowAnyException();
        assertThat(Page.defaultLimit()).isEqualTo(100);
        assertThat(JobQuery.all().limit()).isEqualTo(Page.defaultLimit());
    }

    @Test
    void aJavaCallerAskingForTooManyRowsOrANegativeWindowIsToldWhichField() {
        InvalidInputException tooMany = catchThrowableOfType(() -> Page.checkWindow(1_000_000, 0), InvalidInputException.class);
        assertThat(tooMany.errors()).containsExactly(new FieldError("limit", "must be between 1 and 1000"));

        InvalidInputException both = catchThrowableOfType(() -> Page.checkWindow(0, -1), InvalidInputException.class);
        assertThat(both.errors()).extracting(FieldError::field).containsExactly("limit", "offset");
    }
}
