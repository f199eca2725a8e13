package dev.taskflow.store;

import java.util.UUID;

/**
 * The workflow step a job belongs to.
 *
 * @param workflowId the workflow
 * @param stepName the step
 * @param role what the job is to its step
 * @author TaskFlow
 */
public record JobStep(UUID workflowId, String stepName, Role role) {

	/**
	 * What a job is to its step.
	 */
	public enum Role {

		/**
		 * One of the step's own jobs (one, or a group's).
		 */
		STEP,

		/**
		 * A job that a job of the step spawned.
		 */
		SPAWNED,

		/**
		 * The job that compensates the step.
		 */
		COMPENSATION

	}

}
