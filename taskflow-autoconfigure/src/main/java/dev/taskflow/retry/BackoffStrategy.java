package dev.taskflow.retry;

/**
 * How the delay between attempts grows.
 *
 * @author TaskFlow
 */
public enum BackoffStrategy {

	/**
	 * {@code initial * multiplier^(n-1)}, capped at the maximum.
	 */
	EXPONENTIAL,

	/**
	 * {@code initial * n}, capped at the maximum.
	 */
	LINEAR,

	/**
	 * {@code initial * fib(n)} (1, 1, 2, 3, 5, ...), capped at the maximum.
	 */
	FIBONACCI,

	/**
	 * Always {@code initial}.
	 */
	FIXED

}
