package dev.taskflow.store;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.taskflow.FailurePolicy;

/**
 * A workflow to store, validated.
 *
 * @param id its id
 * @param name its name
 * @param failurePolicy its policy
 * @param traceParent the W3C {@code traceparent} of the span that started it, or
 * {@code null}
 * @param steps its steps, in the order they were added
 * @param jobs the jobs of its steps, each with its step
 * @param blockedJobs the ids of the jobs that wait for their step's parents
 * @author TaskFlow
 */
public record NewWorkflow(UUID id, String name, FailurePolicy failurePolicy, String traceParent, List<NewStep> steps,
		List<NewJob> jobs, Set<UUID> blockedJobs) {

	/**
	 * A step to store.
	 *
	 * @param name its name
	 * @param position its place among the workflow's steps
	 * @param group whether it is a group
	 * @param after the steps it waits for
	 * @param jobs how many jobs it has
	 * @param failurePolicy its own policy, or {@code null}
	 * @param compensation its compensating job, inserted only if the workflow
	 * compensates, or {@code null}
	 */
	public record NewStep(String name, int position, boolean group, List<String> after, int jobs,
			FailurePolicy failurePolicy, NewJob compensation) {
	}

}
