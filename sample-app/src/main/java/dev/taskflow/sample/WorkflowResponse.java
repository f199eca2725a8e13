package dev.taskflow.sample;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.taskflow.FailurePolicy;
import dev.taskflow.JobStatus;
import dev.taskflow.WorkflowStatus;

/**
 * A workflow as the REST API shows it.
 *
 * @param id the workflow id
 * @param name its name
 * @param status its status
 * @param failurePolicy what it does when a step fails
 * @param createdAt when it was started
 * @param finishedAt when it reached a final status
 * @param steps its steps, in the order they were added
 * @author TaskFlow
 */
public record WorkflowResponse(String id, String name, WorkflowStatus status, FailurePolicy failurePolicy,
		Instant createdAt, Instant finishedAt, List<StepResponse> steps) {

	/**
	 * One step of a workflow.
	 *
	 * @param name the step's name
	 * @param after the steps it waits for
	 * @param status its status
	 * @param jobIds its jobs (see {@code /jobs/<id>})
	 * @param spawnedJobs how many jobs it spawned
	 * @param result what its job returned, as JSON
	 * @param compensationJobId the job that compensated it, if one ran
	 * @param compensationStatus the status of that job
	 */
	public record StepResponse(String name, List<String> after, JobStatus status, List<String> jobIds, int spawnedJobs,
			JsonNode result, String compensationJobId, JobStatus compensationStatus) {

	}

}
