package dev.taskflow;

import java.time.Duration;

/**
 * Told of what happens to jobs, for logging, alerts or metrics of your own: declare a
 * bean (several may exist, called in their {@code @Order}) and override the methods you
 * need; each does nothing by default.
 * <p>
 * Listeners are called on TaskFlow's threads after the fact: {@code enqueued} and
 * {@code cancelled} once the caller's transaction commits, outcomes once they are stored,
 * {@code started} on the job's worker thread just before its handler runs. Keep them
 * quick. A listener that throws is logged and skipped: it never breaks a job or an
 * enqueue. Outcomes are told by the node that ran the attempt, a rescue by the node that
 * rescued the job, so each event is told once across the cluster (at-least-once execution
 * still means a job may start more than once).
 *
 * @author TaskFlow
 */
public interface TaskFlowListener {

	/**
	 * A job was enqueued: by {@link TaskFlow#enqueue}, by a schedule (its fire time or a
	 * trigger or backfill; told by the node that fired it), or again by
	 * {@link TaskFlow#retry} (the event's attempt is then the last one made). Not told
	 * when a unique key made the enqueue return an active job instead.
	 * @param event the job
	 */
	default void enqueued(JobEvent event) {
	}

	/**
	 * An attempt of a job is about to run its handler.
	 * @param event the job and attempt, with its {@link JobEvent#waitTime() wait}
	 */
	default void started(JobEvent event) {
	}

	/**
	 * An attempt succeeded.
	 * @param event the job and attempt, with its wait and duration
	 */
	default void succeeded(JobEvent event) {
	}

	/**
	 * An attempt failed and the job will run again after a delay.
	 * @param event the job and the failed attempt, with its wait and duration
	 * @param delay the delay before the next attempt is due
	 * @param exception what the attempt threw
	 */
	default void retryScheduled(JobEvent event, Duration delay, Throwable exception) {
	}

	/**
	 * A job failed for good: out of attempts, not retryable, or its payload could not be
	 * read.
	 * @param event the job and its last attempt, with the wait and duration where it ran
	 * @param exception what made it fail
	 */
	default void failed(JobEvent event, Throwable exception) {
	}

	/**
	 * A pending job was cancelled.
	 * @param event the job
	 */
	default void cancelled(JobEvent event) {
	}

	/**
	 * A job whose lease expired (its node stopped or lost the database) was handed back:
	 * it is due again, or {@code FAILED} when it had no attempts left.
	 * @param event the job and the attempt that was cut short
	 * @param failed whether the job failed because it had no attempts left
	 */
	default void rescued(JobEvent event, boolean failed) {
	}

	/**
	 * A workflow was started (told once its transaction committed).
	 * @param event the workflow
	 */
	default void workflowStarted(WorkflowEvent event) {
	}

	/**
	 * A workflow reached a final status: told once, on the node whose transaction
	 * finished it.
	 * @param event the workflow and its final status
	 */
	default void workflowFinished(WorkflowEvent event) {
	}

}
