package dev.taskflow;

/**
 * What a running handler may know about its job. Declare it as a parameter of a
 * {@link TaskHandler @TaskHandler} method to receive it.
 *
 * @author TaskFlow
 */
public interface TaskContext {

	/**
	 * The id of the running job.
	 * @return the job id
	 */
	JobId jobId();

	/**
	 * The handler name the job was enqueued for.
	 * @return the handler name
	 */
	String handler();

	/**
	 * The number of this attempt, starting at 1.
	 * @return the attempt number
	 */
	int attempt();

	/**
	 * The number of attempts the job may make in all.
	 * @return the maximum number of attempts
	 */
	int maxAttempts();

	/**
	 * The queue the job was enqueued on.
	 * @return the queue name
	 */
	String queue();

	/**
	 * The schedule that enqueued this job, if one did.
	 * @return the schedule name or {@code null}
	 */
	default String scheduleName() {
		return null;
	}

	/**
	 * The fire time this job is the occurrence of, if a schedule enqueued it.
	 * @return the fire time or {@code null}
	 */
	default java.time.Instant fireTime() {
		return null;
	}

	/**
	 * The correlation id the job carries: set by its request, or inherited from the job
	 * whose handler enqueued it. Jobs this handler enqueues inherit it.
	 * @return the correlation id or {@code null}
	 * @see JobRequest#correlationId(String)
	 */
	default String correlationId() {
		return null;
	}

	/**
	 * A token unique to this attempt ({@code <job id>:<attempt>}): pass it downstream as
	 * an idempotency key. The store accepts this attempt's outcome only while this
	 * attempt still owns the job.
	 * @return the attempt token
	 */
	default String attemptId() {
		return jobId() + ":" + attempt();
	}

	/**
	 * Whether this is the last attempt the job may make.
	 * @return {@code true} if a failure now fails the job for good
	 */
	default boolean isLastAttempt() {
		return attempt() >= maxAttempts();
	}

}
