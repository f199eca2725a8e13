package dev.taskflow.throttle;

/**
 * A limit one node keeps in memory, consulted before a claim and charged for what the
 * claim took.
 *
 * @author TaskFlow
 */
public interface NodeLimit {

	/**
	 * The jobs it applies to.
	 * @return the target
	 */
	Target target();

	/**
	 * What kind of limit it is, for logs and metrics: {@code rate-limit} or
	 * {@code concurrency}.
	 * @return the reason jobs are held back by it
	 */
	String reason();

	/**
	 * How many more jobs it lets start now.
	 * @param now the monotonic clock
	 * @return the jobs
	 */
	int available(long now);

	/**
	 * Charge it for claimed jobs.
	 * @param jobs the jobs claimed
	 * @param now the monotonic clock
	 * @return how many it accepted (fewer only when something else used a shared limiter
	 * meanwhile)
	 */
	int take(int jobs, long now);

	/**
	 * A job it was charged for has finished.
	 */
	default void release() {
	}

	/**
	 * How long until it lets a job start again, when it lets none start now.
	 * @param now the monotonic clock
	 * @return nanoseconds, 0 if it frees only when a job finishes
	 */
	default long nanosUntilAvailable(long now) {
		return 0;
	}

}
