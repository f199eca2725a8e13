package dev.taskflow.retry;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

import dev.taskflow.NonRetryableException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;

/**
 * A handler's retry policy: a Resilience4j {@link RetryConfig} read for its attempt
 * limit, exception filter and backoff. The engine asks it after each failed attempt and
 * persists the answer as the job's next due time.
 *
 * @author TaskFlow
 */
public final class RetryPolicy {

	private final RetryConfig config;

	private RetryPolicy(RetryConfig config) {
		this.config = config;
	}

	/**
	 * A policy that follows the given Resilience4j configuration.
	 * @param config the configuration
	 * @return the policy
	 */
	public static RetryPolicy of(RetryConfig config) {
		return new RetryPolicy(config);
	}

	/**
	 * A policy built from settings.
	 * @param settings the settings
	 * @return the policy
	 */
	public static RetryPolicy of(RetrySettings settings) {
		RetryConfig.Builder<Object> builder = RetryConfig.custom()
			.maxAttempts(settings.maxAttempts())
			.intervalFunction(intervalFunction(settings));
		if (!settings.retryOn().isEmpty()) {
			builder.retryExceptions(toArray(settings.retryOn()));
		}
		if (!settings.noRetryOn().isEmpty()) {
			builder.ignoreExceptions(toArray(settings.noRetryOn()));
		}
		return new RetryPolicy(builder.build());
	}

	/**
	 * The number of attempts in all.
	 * @return the maximum attempts
	 */
	public int maxAttempts() {
		return this.config.getMaxAttempts();
	}

	/**
	 * Whether a failure may be retried at all (attempts aside).
	 * @param failure the failure
	 * @return {@code false} for a {@link NonRetryableException} or an excluded type
	 */
	public boolean isRetryable(Throwable failure) {
		return !(failure instanceof NonRetryableException) && this.config.getExceptionPredicate().test(failure);
	}

	/**
	 * The delay before the next attempt after the given one failed.
	 * @param failedAttempt the number of the attempt that failed, from 1
	 * @param failure the failure
	 * @return the delay
	 */
	public Duration delayAfter(int failedAttempt, Throwable failure) {
		IntervalBiFunction<Object> interval = this.config.getIntervalBiFunction();
		Long millis = interval.apply(Math.max(1, failedAttempt), Either.left(failure));
		return Duration.ofMillis((millis != null) ? Math.max(0, millis) : 0);
	}

	/**
	 * The underlying Resilience4j configuration.
	 * @return the configuration
	 */
	public RetryConfig config() {
		return this.config;
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends Throwable>[] toArray(List<Class<? extends Throwable>> types) {
		return types.toArray(Class[]::new);
	}

	private static IntervalFunction intervalFunction(RetrySettings settings) {
		long initial = settings.initial().toMillis();
		long max = settings.max().toMillis();
		double jitter = settings.jitter();
		return switch (settings.strategy()) {
			case EXPONENTIAL ->
				(jitter > 0) ? IntervalFunction.ofExponentialRandomBackoff(initial, settings.multiplier(), jitter, max)
						: IntervalFunction.ofExponentialBackoff(initial, settings.multiplier(), max);
			case FIXED -> (jitter > 0) ? IntervalFunction.ofRandomized(initial, jitter) : IntervalFunction.of(initial);
			case LINEAR -> jittered((attempt) -> Math.min(max, saturatedMultiply(initial, attempt)), jitter);
			case FIBONACCI ->
				jittered((attempt) -> Math.min(max, saturatedMultiply(initial, fibonacci(attempt))), jitter);
		};
	}

	private static IntervalFunction jittered(LongUnaryOperator delayOfAttempt, double jitter) {
		return (attempt) -> {
			long delay = delayOfAttempt.applyAsLong(attempt);
			if (jitter == 0) {
				return delay;
			}
			Random random = ThreadLocalRandom.current();
			return Math.round(delay * (1 + jitter * (2 * random.nextDouble() - 1)));
		};
	}

	private static long fibonacci(long n) {
		long previous = 0;
		long current = 1;
		for (long i = 1; i < n && current < Long.MAX_VALUE / 2; i++) {
			long next = previous + current;
			previous = current;
			current = next;
		}
		return current;
	}

	private static long saturatedMultiply(long a, long b) {
		long high = Math.multiplyHigh(a, b);
		long low = a * b;
		return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
	}

}
