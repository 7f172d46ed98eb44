package dev.timeos.schedule;

import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * TimeOS's own {@link java.time.Clock}: {@code @Inject @TimeOSClock Clock clock}. Qualified so that an application
 * embedding TimeOS may produce its own unqualified {@code Clock} without an ambiguous dependency, and so that a test
 * (or the application) can replace the engine's time with an {@code @Alternative} producer of this qualifier.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface TimeOSClock {
}
