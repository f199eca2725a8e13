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
	 * Cancelled before it ran.
	 */
	CANCELLED;

	/**
	 * Whether a job in this state is still active, that is waiting or running.
	 * @return {@code true} for {@link #PENDING} and {@link #RUNNING}
	 */
	public boolean isActive() {
		return this == PENDING || this == RUNNING;
	}

}
