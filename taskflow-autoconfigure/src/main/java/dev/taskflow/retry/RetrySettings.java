package dev.taskflow.retry;

import java.time.Duration;
import java.util.List;

import org.springframework.util.Assert;

/**
 * The settings a retry policy is built from.
 *
 * @param maxAttempts the number of attempts in all, including the first
 * @param strategy how the delay grows
 * @param initial the first delay
 * @param multiplier the growth factor of {@link BackoffStrategy#EXPONENTIAL}
 * @param max the longest delay
 * @param jitter the random spread of each delay, from 0 (none) to below 1 (up to ±100%)
 * @param retryOn the exception types that are retried (empty means all)
 * @param noRetryOn the exception types that fail the job at once
 * @author TaskFlow
 */
public record RetrySettings(int maxAttempts, BackoffStrategy strategy, Duration initial, double multiplier,
		Duration max, double jitter, List<Class<? extends Throwable>> retryOn,
		List<Class<? extends Throwable>> noRetryOn) {

	public RetrySettings {
		Assert.isTrue(maxAttempts >= 1, () -> "'maxAttempts' must be at least 1, was " + maxAttempts);
		Assert.notNull(strategy, "'strategy' must not be null");
		Assert.isTrue(initial != null && !initial.isNegative() && !initial.isZero(),
				() -> "'initial' backoff must be positive, was " + initial);
		Assert.isTrue(multiplier >= 1.0, () -> "'multiplier' must be at least 1.0, was " + multiplier);
		Assert.isTrue(max != null && max.compareTo(initial) >= 0,
				() -> "'max' backoff must be at least the initial backoff " + initial + ", was " + max);
		Assert.isTrue(jitter >= 0.0 && jitter < 1.0, () -> "'jitter' must be at least 0 and below 1, was " + jitter);
		retryOn = (retryOn != null) ? List.copyOf(retryOn) : List.of();
		noRetryOn = (noRetryOn != null) ? List.copyOf(noRetryOn) : List.of();
	}

}
