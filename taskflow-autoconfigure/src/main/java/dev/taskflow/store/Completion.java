package dev.taskflow.store;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of one attempt, to be written only while that attempt still owns its job.
 *
 * @param id the job id
 * @param attempt the attempt number that produced the outcome
 * @param outcome what happened
 * @param result the result as JSON text, for {@link Outcome#SUCCEEDED}
 * @param error the error text, for {@link Outcome#RETRY} and {@link Outcome#FAILED}
 * @param retryDelayMicros the delay before the next attempt, for {@link Outcome#RETRY}
 * @param nodeId the node that ran the attempt, kept in its history, or {@code null}
 * @param attemptError the error with a bounded stack trace, kept in the attempt's
 * history, or {@code null}
 * @param logs the log lines captured while the attempt ran, as a JSON array, or
 * {@code null}
 * @param step the workflow step of the job, or {@code null}
 * @param spawned the jobs the attempt spawned, stored with its success
 * @author TaskFlow
 */
public record Completion(UUID id, int attempt, Outcome outcome, String result, String error, long retryDelayMicros,
		String nodeId, String attemptError, String logs, JobStep step, List<NewJob> spawned) {

	/**
	 * The maximum length of a stored error.
	 */
	public static final int MAX_ERROR_LENGTH = 4000;

	public Completion {
		// error texts quote what failed: never let one make the whole outcome unstorable
		error = StorableText.of(error, MAX_ERROR_LENGTH);
		attemptError = StorableText.of(attemptError, Integer.MAX_VALUE);
		logs = StorableText.of(logs, Integer.MAX_VALUE);
		spawned = (spawned != null) ? List.copyOf(spawned) : List.of();
	}

	/**
	 * An outcome of a job of no workflow.
	 * @param id the job id
	 * @param attempt the attempt number
	 * @param outcome what happened
	 * @param result the result JSON or {@code null}
	 * @param error the error text or {@code null}
	 * @param retryDelayMicros the delay before the next attempt
	 * @param nodeId the node that ran the attempt, or {@code null}
	 * @param attemptError the error with a bounded stack trace, or {@code null}
	 * @param logs the captured log lines as a JSON array, or {@code null}
	 */
	public Completion(UUID id, int attempt, Outcome outcome, String result, String error, long retryDelayMicros,
			String nodeId, String attemptError, String logs) {
		this(id, attempt, outcome, result, error, retryDelayMicros, nodeId, attemptError, logs, null, null);
	}

	/**
	 * This outcome, of a job of the given workflow step.
	 * @param step the step, or {@code null} for a job of no workflow
	 * @return the completion
	 */
	public Completion forStep(JobStep step) {
		return new Completion(this.id, this.attempt, this.outcome, this.result, this.error, this.retryDelayMicros,
				this.nodeId, this.attemptError, this.logs, step, this.spawned);
	}

	/**
	 * This outcome with the jobs its attempt spawned, stored only if it is accepted as a
	 * success.
	 * @param spawned the jobs, each of the same step
	 * @return the completion
	 */
	public Completion withSpawned(List<NewJob> spawned) {
		return new Completion(this.id, this.attempt, this.outcome, this.result, this.error, this.retryDelayMicros,
				this.nodeId, this.attemptError, this.logs, this.step, spawned);
	}

	/**
	 * An outcome without the details of its attempt's history.
	 * @param id the job id
	 * @param attempt the attempt number
	 * @param outcome what happened
	 * @param result the result JSON or {@code null}
	 * @param error the error text or {@code null}
	 * @param retryDelayMicros the delay before the next attempt
	 */
	public Completion(UUID id, int attempt, Outcome outcome, String result, String error, long retryDelayMicros) {
		this(id, attempt, outcome, result, error, retryDelayMicros, null, null, null);
	}

	/**
	 * This outcome with the details kept in its attempt's history.
	 * @param attemptError the error with a bounded stack trace, or {@code null}
	 * @param logs the captured log lines as a JSON array, or {@code null}
	 * @return the completion
	 */
	public Completion withHistory(String attemptError, String logs) {
		return new Completion(this.id, this.attempt, this.outcome, this.result, this.error, this.retryDelayMicros,
				this.nodeId, attemptError, logs, this.step, this.spawned);
	}

	/**
	 * This outcome, of an attempt that ran on the given node.
	 * @param nodeId the node
	 * @return the completion
	 */
	public Completion ranOn(String nodeId) {
		return new Completion(this.id, this.attempt, this.outcome, this.result, this.error, this.retryDelayMicros,
				nodeId, this.attemptError, this.logs, this.step, this.spawned);
	}

	/**
	 * A successful attempt.
	 * @param id the job id
	 * @param attempt the attempt number
	 * @param result the result as JSON text, or {@code null}
	 * @return the completion
	 */
	public static Completion succeeded(UUID id, int attempt, String result) {
		return new Completion(id, attempt, Outcome.SUCCEEDED, result, null, 0);
	}

	/**
	 * A failed attempt to be retried.
	 * @param id the job id
	 * @param attempt the attempt number
	 * @param error the error text
	 * @param delayMicros the delay before the next attempt
	 * @return the completion
	 */
	public static Completion retry(UUID id, int attempt, String error, long delayMicros) {
		return new Completion(id, attempt, Outcome.RETRY, null, error, delayMicros);
	}

	/**
	 * A failed attempt that fails the job for good.
	 * @param id the job id
	 * @param attempt the attempt number
	 * @param error the error text
	 * @return the completion
	 */
	public static Completion failed(UUID id, int attempt, String error) {
		return new Completion(id, attempt, Outcome.FAILED, null, error, 0);
	}

	/**
	 * An attempt that stopped because someone asked it to.
	 * @param id the job id
	 * @param attempt the attempt number
	 * @param error why it ended, as the job keeps it
	 * @return the completion
	 */
	public static Completion cancelled(UUID id, int attempt, String error) {
		return new Completion(id, attempt, Outcome.CANCELLED, null, error, 0);
	}

	/**
	 * What an attempt came to.
	 */
	public enum Outcome {

		/**
		 * The job succeeded.
		 */
		SUCCEEDED,

		/**
		 * The attempt failed and the job is due again later.
		 */
		RETRY,

		/**
		 * The job failed for good.
		 */
		FAILED,

		/**
		 * The job stopped on request while it ran: it ends cancelled.
		 */
		CANCELLED

	}

}
