package dev.taskflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of the jobs enqueued under its name.
 *
 * <pre class="code">
 * &#64;TaskHandler("email.send")
 * Receipt send(Email email, TaskContext context) { ... }
 * </pre>
 *
 * The method may take one payload parameter (any type Jackson can read) and a
 * {@link TaskContext}, both optional, in any order. A returned value is stored as the
 * job's result. Throwing fails the attempt; it is retried per the handler's retry policy
 * unless the exception is a {@link NonRetryableException} or excluded from retries.
 * <p>
 * Attributes give defaults; {@code spring.taskflow.handlers.<name>.*} properties win over
 * them.
 *
 * @author TaskFlow
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TaskHandler {

	/**
	 * The handler name: the identity stored with each job, so keep it stable.
	 * @return the handler name
	 */
	String value();

	/**
	 * How long one attempt may run before it is interrupted and failed, as a duration
	 * such as {@code "30s"} or {@code "PT5M"}. Empty means no timeout.
	 * @return the timeout
	 */
	String timeout() default "";

	/**
	 * The number of attempts in all, including the first. {@code 0} takes
	 * {@code spring.taskflow.retry.max-attempts}.
	 * @return the maximum number of attempts
	 */
	int maxAttempts() default 0;

	/**
	 * The exception types that fail the job at once instead of being retried (with their
	 * subclasses).
	 * @return the exception types not to retry
	 */
	Class<? extends Throwable>[] noRetryOn() default {};

	/**
	 * The name of a Resilience4j {@code RetryConfig} to use for this handler: a
	 * {@code RetryConfig} bean of that name, or a configuration or instance of that name
	 * in the application's {@code RetryRegistry}. Empty means the policy built from
	 * properties.
	 * @return the retry configuration name
	 */
	String retryConfig() default "";

	/**
	 * The name of a Resilience4j rate limiter that limits how fast this handler's jobs
	 * start: an instance of the application's {@code RateLimiterRegistry}, or one
	 * configured as {@code resilience4j.ratelimiter.instances.<name>.*}. Jobs over the
	 * limit stay pending in the database. Empty means no such limiter;
	 * {@code spring.taskflow.handlers.<name>.rate-limit.*} sets a limit by properties.
	 * @return the rate limiter name
	 */
	String rateLimiter() default "";

	/**
	 * A cron expression that schedules this handler (no payload) under a schedule named
	 * like the handler: six fields ({@code second minute hour day-of-month month
	 * day-of-week}) or a macro such as {@code @daily}, as Spring's {@code CronExpression}
	 * reads them. Each fire time runs exactly once across all nodes. Empty means not
	 * scheduled.
	 * @return the cron expression
	 */
	String cron() default "";

	/**
	 * The time zone the {@link #cron()} expression is read in, such as
	 * {@code "Europe/Paris"}. Empty means the JVM's default zone, as with
	 * {@code @Scheduled}.
	 * @return the zone id
	 */
	String zone() default "";

}
