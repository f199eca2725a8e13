package dev.taskflow.engine;

import java.util.List;
import java.util.UUID;

import dev.taskflow.JobRequest;
import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.NewJob;

/**
 * What a running step of a workflow reads and does through its
 * {@link dev.taskflow.TaskContext}: the results and failures of the steps before it, and
 * the jobs it spawns.
 *
 * @author TaskFlow
 */
public interface WorkflowSteps {

	/**
	 * For nodes without workflows (never asked: only jobs of workflow steps ask).
	 */
	WorkflowSteps NONE = new WorkflowSteps() {

		@Override
		public List<String> results(UUID workflowId, String step, boolean own) {
			return List.of();
		}

		@Override
		public List<String> failedParents(UUID workflowId, String step) {
			return List.of();
		}

		@Override
		public List<NewJob> spawned(ClaimedJob parent, List<JobRequest> requests) {
			throw new IllegalStateException("Workflows are not available on this node");
		}

	};

	/**
	 * The results of a step's jobs that succeeded.
	 * @param workflowId the workflow
	 * @param step the step
	 * @param own only its own jobs, never those they spawned
	 * @return the results as JSON
	 * @throws IllegalArgumentException if the workflow has no such step
	 */
	List<String> results(UUID workflowId, String step, boolean own);

	/**
	 * The parents of a step that failed or were cancelled.
	 * @param workflowId the workflow
	 * @param step the step
	 * @return their names
	 */
	List<String> failedParents(UUID workflowId, String step);

	/**
	 * Validate jobs a running step spawns and make them jobs of its step.
	 * @param parent the running job
	 * @param requests the requests
	 * @return the jobs to store with its success
	 */
	List<NewJob> spawned(ClaimedJob parent, List<JobRequest> requests);

}
