package dev.taskflow.handler;

import java.time.Duration;
import java.util.List;

import dev.taskflow.retry.BackoffStrategy;

/**
 * Settings for one handler from configuration properties; each {@code null} field leaves
 * the annotation's value or the default in place.
 *
 * @param timeout the attempt timeout
 * @param maxAttempts the attempts in all
 * @param strategy the backoff strategy
 * @param initial the first delay
 * @param multiplier the exponential growth factor
 * @param max the longest delay
 * @param jitter the random spread of delays
 * @param retryOn the exception types to retry
 * @param noRetryOn the exception types not to retry
 * @param retryConfig the name of a Resilience4j {@code RetryConfig} to use instead
 * @author TaskFlow
 */
public record HandlerOverrides(Duration timeout, Integer maxAttempts, BackoffStrategy strategy, Duration initial,
		Double multiplier, Duration max, Double jitter, List<Class<? extends Throwable>> retryOn,
		List<Class<? extends Throwable>> noRetryOn, String retryConfig) {

	/**
	 * Overrides that change nothing.
	 */
	public static final HandlerOverrides NONE = new HandlerOverrides(null, null, null, null, null, null, null, null,
			null, null);

}
