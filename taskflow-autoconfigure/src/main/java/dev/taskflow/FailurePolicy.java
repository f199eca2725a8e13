package dev.taskflow;

/**
 * What a workflow does when one of its steps ends {@link JobStatus#FAILED} or
 * {@link JobStatus#CANCELLED}: set for the whole workflow with
 * {@link Workflow#onFailure(FailurePolicy)}, and for one step with
 * {@link Step#onFailure(FailurePolicy)}.
 *
 * @author TaskFlow
 */
public enum FailurePolicy {

	/**
	 * Every step that depends on the failed one, directly or not, ends
	 * {@link JobStatus#CANCELLED} with the reason; independent branches run on, and the
	 * workflow ends {@link WorkflowStatus#FAILED}. The default.
	 */
	CANCEL_DOWNSTREAM,

	/**
	 * The steps that depend on the failed one run anyway, without its result:
	 * {@link TaskContext#stepResult(String, Class)} is empty for it and
	 * {@link TaskContext#failedParents()} names it. The workflow ends
	 * {@link WorkflowStatus#FAILED}.
	 */
	CONTINUE,

	/**
	 * Nothing new starts (waiting steps are cancelled, running ones finish); then the
	 * {@link Step#compensateWith(JobRequest) compensation} of every step that succeeded
	 * runs, each after the compensations of the steps that depended on its step. The
	 * workflow ends {@link WorkflowStatus#COMPENSATED}, or {@link WorkflowStatus#FAILED}
	 * if a compensation fails for good.
	 */
	COMPENSATE

}
