package dev.taskflow;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Starts workflows, graphs of jobs that pass their results downstream, and finds and
 * manages them: {@link TaskFlow#workflows()}.
 *
 * @author TaskFlow
 */
public interface Workflows {

	/**
	 * Validate and store a workflow: its steps that wait for nothing are due at once, the
	 * others {@link JobStatus#BLOCKED}. Joins the caller's transaction when there is one,
	 * like {@link TaskFlow#enqueue(JobRequest)}; one statement on PostgreSQL, one round
	 * trip per table elsewhere.
	 * @param workflow the workflow
	 * @return its id
	 * @throws InvalidWorkflowException if it has no step, a duplicate step name, a step
	 * after one it does not have, a cycle, a job with a unique key, or (on a node that
	 * runs workers) a handler no node here knows; nothing is stored then
	 */
	WorkflowId start(Workflow workflow);

	/**
	 * Find a workflow.
	 * @param id its id
	 * @return the workflow with its steps, or empty if there is none (or no longer)
	 */
	Optional<WorkflowView> find(WorkflowId id);

	/**
	 * A page of the workflows that match, newest first.
	 * @param query the filters, page size and cursor
	 * @return the page
	 */
	WorkflowPage list(WorkflowQuery query);

	/**
	 * Cancel a workflow that is still running: its blocked and pending steps end
	 * {@link JobStatus#CANCELLED}, its running steps are asked to stop
	 * ({@link TaskContext#isCancellationRequested()}), and it ends
	 * {@link WorkflowStatus#CANCELLED} once they have.
	 * @param id its id
	 * @return {@code true} if it was running and is now cancelled or being cancelled
	 */
	boolean cancel(WorkflowId id);

	/**
	 * Run a finished workflow's failed and cancelled steps again, with the steps they
	 * blocked; steps that succeeded keep their results.
	 * @param id its id
	 * @return {@code true} if the workflow had failed or been cancelled and is running
	 * again
	 */
	boolean retry(WorkflowId id);

	/**
	 * A future completed with the workflow once it has reached a final status
	 * ({@link WorkflowStatus#isFinal()}).
	 * @param id its id
	 * @return the future; completed exceptionally with
	 * {@link java.util.NoSuchElementException} if there is no such workflow
	 */
	CompletableFuture<WorkflowView> whenFinished(WorkflowId id);

}
