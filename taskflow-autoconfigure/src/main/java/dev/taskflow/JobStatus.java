package dev.taskflow;

/**
 * The life-cycle states of a job.
 *
 * @author TaskFlow
 */
public enum JobStatus {

	/**
	 * Waiting to run: due once its run time has come.
	 */
	PENDING,

	/**
	 * Claimed by a node and running under a lease.
	 */
	RUNNING,

	/**
	 * Finished successfully; its result, if any, is stored.
	 */
	SUCCEEDED,

	/**
	 * Dead: attempts exhausted or a non-retryable error. Kept for inspection and manual
	 * {@link TaskFlow#retry(JobId) retry}.
	 */
	FAILED,

	/**
	 * Cancelled before it ran, or stopped on request while it ran.
	 */
	CANCELLED,

	/**
	 * A workflow step that waits for the steps it comes {@link Step#after(String...)
	 * after}: {@link #PENDING} once the last of them has finished.
	 */
	BLOCKED;

	/**
	 * Whether a job in this state is still active, that is blocked, waiting or running.
	 * @return {@code true} for {@link #BLOCKED}, {@link #PENDING} and {@link #RUNNING}
	 */
	public boolean isActive() {
		return this == PENDING || this == RUNNING || this == BLOCKED;
	}

}
