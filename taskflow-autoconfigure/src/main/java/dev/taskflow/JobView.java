package dev.taskflow;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a job as stored, returned by {@link TaskFlow#find(JobId)} and
 * {@link Jobs}.
 *
 * @author TaskFlow
 */
public interface JobView {

	/**
	 * The job's id.
	 * @return the id
	 */
	JobId id();

	/**
	 * The handler name the job runs on.
	 * @return the handler name
	 */
	String handler();

	/**
	 * The queue the job was enqueued on.
	 * @return the queue name
	 */
	String queue();

	/**
	 * The job's state when the snapshot was taken.
	 * @return the status
	 */
	JobStatus status();

	/**
	 * The number of attempts made so far (0 before the first start).
	 * @return the attempt count
	 */
	int attempt();

	/**
	 * The number of attempts the job may make in all.
	 * @return the maximum number of attempts
	 */
	int maxAttempts();

	/**
	 * The priority; higher runs first.
	 * @return the priority
	 */
	int priority();

	/**
	 * When the job is (or was last) due.
	 * @return the due time
	 */
	Instant runAt();

	/**
	 * When the job was enqueued.
	 * @return the creation time
	 */
	Instant createdAt();

	/**
	 * When the latest attempt started, if any.
	 * @return the start time or {@code null}
	 */
	Instant startedAt();

	/**
	 * When the job reached a final state, if it has.
	 * @return the finish time or {@code null}
	 */
	Instant finishedAt();

	/**
	 * The error of the latest failed attempt: exception type and message, bounded in
	 * length.
	 * @return the error or {@code null}
	 */
	String lastError();

	/**
	 * The schedule that enqueued this job, if one did.
	 * @return the schedule name or {@code null}
	 */
	String scheduleName();

	/**
	 * The fire time this job is the occurrence of, if a schedule enqueued it.
	 * @return the fire time or {@code null}
	 */
	Instant fireTime();

	/**
	 * The concurrency key the job was enqueued with.
	 * @return the key or {@code null}
	 * @see JobRequest#concurrencyKey(String)
	 */
	String concurrencyKey();

	/**
	 * The correlation id the job carries: set by its request, or inherited from the job
	 * whose handler enqueued it.
	 * @return the correlation id or {@code null}
	 * @see JobRequest#correlationId(String)
	 */
	default String correlationId() {
		return null;
	}

	/**
	 * The trace the job continues: the W3C {@code traceparent} of the span that was
	 * current when it was enqueued (with tracing on), which each attempt's span takes as
	 * its parent.
	 * @return the {@code traceparent}, such as
	 * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}, or {@code null}
	 */
	default String traceParent() {
		return null;
	}

	/**
	 * The unique key the job was enqueued with ({@link JobRequest#uniqueKey(String)}),
	 * kept after the job finished and released it.
	 * @return the key, or {@code null}
	 */
	default String uniqueKey() {
		return null;
	}

	/**
	 * The workflow this job is a step of ({@link Workflows}).
	 * @return the workflow's id, or empty for a job of no workflow
	 */
	default Optional<WorkflowId> workflowId() {
		return Optional.empty();
	}

	/**
	 * The step of its workflow this job belongs to (spawned jobs and compensations belong
	 * to their step).
	 * @return the step's name, or empty for a job of no workflow
	 */
	default Optional<String> stepName() {
		return Optional.empty();
	}

	/**
	 * How far the job got, as its handler last reported it
	 * ({@link TaskContext#progress(long, long)}).
	 * @return the progress, or empty while the job reported none
	 */
	default Optional<JobProgress> progress() {
		return Optional.empty();
	}

	/**
	 * The node that runs the job now (its {@link TaskFlow#attempts(JobId) attempts} name
	 * the nodes that ran it before).
	 * @return the node id, or {@code null} when the job is not running
	 */
	default String ownerNode() {
		return null;
	}

	/**
	 * The payload the job was enqueued with, read as the given type. A job of a
	 * {@link Jobs#list(JobQuery) page} reads it from the database at this call (pages
	 * leave payloads out, as they may be large).
	 * @param <T> the payload type
	 * @param type the type to read the stored JSON as
	 * @return the payload, or empty if the job has none (or no longer exists)
	 */
	default <T> Optional<T> payload(Class<T> type) {
		return Optional.empty();
	}

	/**
	 * The value the handler returned, read as the given type.
	 * @param <T> the result type
	 * @param type the type to read the stored JSON as
	 * @return the result, or empty if the job has none (not succeeded, or returned
	 * nothing)
	 */
	<T> Optional<T> result(Class<T> type);

}
