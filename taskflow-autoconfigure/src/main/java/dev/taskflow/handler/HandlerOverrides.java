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

	/**
	 * Combine two sets of overrides field by field.
	 * @param first the overrides that win, or {@code null}
	 * @param second the overrides that fill the gaps, or {@code null}
	 * @return the combination, or {@code null} if both are {@code null}
	 */
	public static HandlerOverrides merge(HandlerOverrides first, HandlerOverrides second) {
		if (first == null || second == null) {
			return (first != null) ? first : second;
		}
		return new HandlerOverrides(or(first.timeout, second.timeout), or(first.maxAttempts, second.maxAttempts),
				or(first.strategy, second.strategy), or(first.initial, second.initial),
				or(first.multiplier, second.multiplier), or(first.max, second.max), or(first.jitter, second.jitter),
				or(first.retryOn, second.retryOn), or(first.noRetryOn, second.noRetryOn),
				or(first.retryConfig, second.retryConfig));
	}

	private static <T> T or(T first, T second) {
		return (first != null) ? first : second;
	}

}
