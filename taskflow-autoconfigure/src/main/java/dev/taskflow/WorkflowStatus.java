package dev.taskflow;

/**
 * The life-cycle states of a workflow.
 *
 * @author TaskFlow
 */
public enum WorkflowStatus {

	/**
	 * Some of its steps are still to finish.
	 */
	RUNNING,

	/**
	 * Every step succeeded.
	 */
	SUCCEEDED,

	/**
	 * Every step is final and at least one failed or was cancelled (or, under
	 * {@link FailurePolicy#COMPENSATE}, a compensation failed for good).
	 */
	FAILED,

	/**
	 * A step failed under {@link FailurePolicy#COMPENSATE}: the compensations of the
	 * steps that succeeded are running.
	 */
	COMPENSATING,

	/**
	 * Every compensation succeeded.
	 */
	COMPENSATED,

	/**
	 * Cancelled with {@link Workflows#cancel(WorkflowId)}.
	 */
	CANCELLED;

	/**
	 * Whether a workflow in this state has finished.
	 * @return {@code false} for {@link #RUNNING} and {@link #COMPENSATING}
	 */
	public boolean isFinal() {
		return this != RUNNING && this != COMPENSATING;
	}

}
