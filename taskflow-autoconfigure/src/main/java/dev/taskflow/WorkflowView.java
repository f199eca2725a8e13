package dev.taskflow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A workflow as stored: its status and its steps with their jobs.
 *
 * @param id the workflow's id
 * @param name its name (a label, not unique)
 * @param status its status
 * @param failurePolicy what it does when a step fails, unless the step says otherwise
 * @param createdAt when it was started
 * @param finishedAt when it reached a final status, or {@code null}
 * @param steps its steps, in the order they were added
 * @param cancelRequested whether {@link Workflows#cancel(WorkflowId)} was called on it
 * while it ran: it ends {@link WorkflowStatus#CANCELLED} once its running steps have
 * stopped
 * @author TaskFlow
 */
public record WorkflowView(WorkflowId id, String name, WorkflowStatus status, FailurePolicy failurePolicy,
		Instant createdAt, Instant finishedAt, List<StepView> steps, boolean cancelRequested) {

	/**
	 * A workflow no one asked to cancel.
	 * @param id the workflow's id
	 * @param name its name
	 * @param status its status
	 * @param failurePolicy its policy
	 * @param createdAt when it was started
	 * @param finishedAt when it reached a final status, or {@code null}
	 * @param steps its steps
	 */
	public WorkflowView(WorkflowId id, String name, WorkflowStatus status, FailurePolicy failurePolicy,
			Instant createdAt, Instant finishedAt, List<StepView> steps) {
		this(id, name, status, failurePolicy, createdAt, finishedAt, steps, false);
	}

	/**
	 * The step of the given name.
	 * @param name the step's name
	 * @return the step, or empty if the workflow has none of that name
	 */
	public Optional<StepView> step(String name) {
		return this.steps.stream().filter((step) -> step.name().equals(name)).findFirst();
	}

	/**
	 * One step of a workflow.
	 *
	 * @param name the step's name
	 * @param after the steps it waits for, in the order the workflow has them
	 * @param status {@link JobStatus#BLOCKED} while it waits for them,
	 * {@link JobStatus#PENDING} once released, {@link JobStatus#RUNNING} while any of its
	 * jobs runs, then {@link JobStatus#SUCCEEDED} when all its jobs (and the jobs they
	 * spawned) succeeded, {@link JobStatus#FAILED} when one failed, or
	 * {@link JobStatus#CANCELLED}
	 * @param failurePolicy the step's own policy, or {@code null} for the workflow's
	 * @param jobIds its jobs: one, or for a group each of its jobs
	 * @param spawnedJobs how many jobs its jobs {@link TaskContext#spawn(List) spawned}
	 * @param unfinishedJobs how many of its jobs, spawned ones included, have not
	 * finished
	 * @param compensationJobId the job that compensated it, or {@code null} when none ran
	 * @param compensationStatus the status of that job, or {@code null}
	 */
	public record StepView(String name, List<String> after, JobStatus status, FailurePolicy failurePolicy,
			List<JobId> jobIds, int spawnedJobs, int unfinishedJobs, JobId compensationJobId,
			JobStatus compensationStatus) {

		/**
		 * The job of a step that has one.
		 * @return its first job, or empty for a group of no jobs
		 */
		public Optional<JobId> jobId() {
			return this.jobIds.isEmpty() ? Optional.empty() : Optional.of(this.jobIds.get(0));
		}

	}

}
