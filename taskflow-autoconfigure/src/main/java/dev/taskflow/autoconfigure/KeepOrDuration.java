package dev.taskflow.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a retention period of {@link TaskFlowProperties}: besides a duration, it may be
 * set to {@code keep}, bound as {@link java.time.Duration#ZERO} (keep for ever), by the
 * {@link KeepOrDurationConverter}.
 *
 * @author TaskFlow
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@interface KeepOrDuration {

}
