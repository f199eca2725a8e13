package dev.taskflow;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What a running handler may know about its job. Declare it as a parameter of a
 * {@link TaskHandler @TaskHandler} method to receive it.
 *
 * @author TaskFlow
 */
public interface TaskContext {

	/**
	 * The id of the running job.
	 * @return the job id
	 */
	JobId jobId();

	/**
	 * The handler name the job was enqueued for.
	 * @return the handler name
	 */
	String handler();

	/**
	 * The number of this attempt, starting at 1.
	 * @return the attempt number
	 */
	int attempt();

	/**
	 * The number of attempts the job may make in all.
	 * @return the maximum number of attempts
	 */
	int maxAttempts();

	/**
	 * The queue the job was enqueued on.
	 * @return the queue name
	 */
	String queue();

	/**
	 * The schedule that enqueued this job, if one did.
	 * @return the schedule name or {@code null}
	 */
	default String scheduleName() {
		return null;
	}

	/**
	 * The fire time this job is the occurrence of, if a schedule enqueued it.
	 * @return the fire time or {@code null}
	 */
	default java.time.Instant fireTime() {
		return null;
	}

	/**
	 * The correlation id the job carries: set by its request, or inherited from the job
	 * whose handler enqueued it. Jobs this handler enqueues inherit it.
	 * @return the correlation id or {@code null}
	 * @see JobRequest#correlationId(String)
	 */
	default String correlationId() {
		return null;
	}

	/**
	 * A token unique to this attempt ({@code <job id>:<attempt>}): pass it downstream as
	 * an idempotency key. The store accepts this attempt's outcome only while this
	 * attempt still owns the job.
	 * @return the attempt token
	 */
	default String attemptId() {
		return jobId() + ":" + attempt();
	}

	/**
	 * Whether this is the last attempt the job may make.
	 * @return {@code true} if a failure now fails the job for good
	 */
	default boolean isLastAttempt() {
		return attempt() >= maxAttempts();
	}

	/**
	 * Whether someone asked this job to stop ({@link TaskFlow#cancel(JobId)} on a running
	 * job, or {@link Workflows#cancel(WorkflowId)}): a handler that checks it between
	 * units of work stops cleanly by returning or throwing; one that does not is
	 * interrupted after {@code spring.taskflow.workflow.cancel-grace}. The job ends
	 * {@link JobStatus#CANCELLED} either way.
	 * @return whether cancellation was requested
	 */
	default boolean isCancellationRequested() {
		return false;
	}

	/**
	 * Report how far the job got: {@code done} units of {@code total}. Cheap enough to
	 * call for every unit: the latest report is stored at most once per
	 * {@code spring.taskflow.progress.interval} (1s by default), with the renewal of the
	 * job's lease (no statement of its own), and read back by {@link JobView#progress()}
	 * on any node, in the dashboard and the APIs. The last message reported stays.
	 * @param done the units done, 0 or more
	 * @param total the units in all, 0 or more: 0 when not known
	 * @throws IllegalArgumentException if either is negative
	 */
	default void progress(long done, long total) {
		if (done < 0 || total < 0) {
			throw new IllegalArgumentException("Progress must not be negative, was " + done + " of " + total
					+ ": report done and total as 0 or more");
		}
	}

	/**
	 * Report what the job is doing now, such as {@code "Loading rows"}; stored as
	 * {@link #progress(long, long)} is, and the units done stay as last reported.
	 * Messages longer than 500 characters are cut.
	 * @param message the message
	 * @throws IllegalArgumentException if the message is {@code null}
	 */
	default void progress(String message) {
		if (message == null) {
			throw new IllegalArgumentException("'message' must not be null");
		}
	}

	/**
	 * Run a part of the job once per job, across attempts: the first time, {@code body}
	 * runs and its result is stored before this returns; in a later attempt (after a
	 * crash, a timeout, a failure, a release at shutdown) the stored result is returned
	 * and {@code body} does not run again. A body that throws stores nothing and runs
	 * again next time. The result is stored as JSON and read back as the class it had
	 * (use {@link #step(String, Class, Callable)} for a generic type such as a
	 * {@code List}). Each completed step costs one statement, a renewal of the node's
	 * leases. <pre class="code">
	 * List&lt;Row&gt; rows = context.step("load", () -&gt; loadRows());
	 * context.step("send", () -&gt; mailer.send(report(rows)));
	 * </pre>
	 * @param <T> the result type
	 * @param name the step's name, unique within the job
	 * @param body what the step does
	 * @return its result, stored or fresh
	 * @throws Exception what the body throws
	 */
	default <T> T step(String name, Callable<T> body) throws Exception {
		return body.call();
	}

	/**
	 * Run a part of the job once per job, across attempts, as
	 * {@link #step(String, Callable)} does, reading a stored result back as the given
	 * type.
	 * @param <T> the result type
	 * @param name the step's name, unique within the job
	 * @param type the type to read a stored result as
	 * @param body what the step does
	 * @return its result, stored or fresh
	 * @throws Exception what the body throws
	 */
	default <T> T step(String name, Class<T> type, Callable<T> body) throws Exception {
		return body.call();
	}

	/**
	 * The cursor this job saved last ({@link #saveCheckpoint(Object)}), in this attempt
	 * or an earlier one: where iterating work resumes. <pre class="code">
	 * for (long id = context.checkpoint(Long.class).orElse(0L); id &lt; last; id++) {
	 *     process(id);
	 *     context.saveCheckpoint(id + 1);
	 * }
	 * </pre>
	 * @param <T> the cursor's type
	 * @param type the type to read it as
	 * @return the cursor, or empty if the job saved none
	 */
	default <T> Optional<T> checkpoint(Class<T> type) {
		return Optional.empty();
	}

	/**
	 * The cursor this job saved last, as {@link #checkpoint(Class)} reads it but without
	 * a type: in the attempt that saved it, the object itself; in a later attempt, as its
	 * JSON reads back (a number, a string, a boolean, a {@code List} or a {@code Map}).
	 * Use {@link #checkpoint(Class)} to get it back as the class it had.
	 * @return the cursor, or empty if the job saved none
	 */
	default Optional<Object> checkpoint() {
		return checkpoint(Object.class);
	}

	/**
	 * Save the cursor a later attempt resumes from ({@link #checkpoint(Class)}). As cheap
	 * as {@link #progress(long, long)}: it is stored with the next progress write (at
	 * most once per {@code spring.taskflow.progress.interval}) and when the node releases
	 * the job at shutdown, so a crash may lose the last interval's cursor; the value is
	 * written as JSON when this is called.
	 * @param checkpoint the cursor, or {@code null} to clear it
	 */
	default void saveCheckpoint(Object checkpoint) {
	}

	/**
	 * The workflow this job is a step of.
	 * @return the workflow's id, or empty for a job of no workflow
	 */
	default Optional<WorkflowId> workflowId() {
		return Optional.empty();
	}

	/**
	 * The step of its workflow this job belongs to (spawned jobs belong to the step of
	 * the job that spawned them).
	 * @return the step's name, or empty for a job of no workflow
	 */
	default Optional<String> stepName() {
		return Optional.empty();
	}

	/**
	 * The result of an earlier step of this job's workflow: the value its job returned.
	 * @param <T> the result type
	 * @param step the step's name
	 * @param type the type to read the result as
	 * @return the result, or empty if the step returned nothing, has not succeeded (a
	 * failed parent under {@link FailurePolicy#CONTINUE}) or this job is of no workflow
	 * @throws IllegalArgumentException if the workflow has no step of that name
	 */
	default <T> Optional<T> stepResult(String step, Class<T> type) {
		return Optional.empty();
	}

	/**
	 * Every result of an earlier step of this job's workflow: of each job of a
	 * {@link Step#group(String, List) group}, or, when the step's job {@link #spawn(List)
	 * spawned} jobs, of each spawned job, in the order they were created; jobs that
	 * returned nothing or did not succeed have no result in it.
	 * @param <T> the result type
	 * @param step the step's name
	 * @param type the type to read each result as
	 * @return the results, empty for a job of no workflow
	 * @throws IllegalArgumentException if the workflow has no step of that name
	 */
	default <T> List<T> stepResults(String step, Class<T> type) {
		return List.of();
	}

	/**
	 * The steps this one comes after that failed or were cancelled, which it runs without
	 * under {@link FailurePolicy#CONTINUE}.
	 * @return their names, empty when all succeeded or this job is of no workflow
	 */
	default List<String> failedParents() {
		return List.of();
	}

	/**
	 * Fan out: add jobs to this job's workflow step. The step finishes only when this job
	 * and every job it spawned (and they spawned) have finished, and steps after it read
	 * their results with {@link #stepResults(String, Class)}. The jobs are stored with
	 * this attempt's success, in the same transaction: an attempt that fails or is
	 * retried spawns nothing. Spawning no job changes nothing.
	 * @param requests the jobs, validated now
	 * @throws IllegalStateException if this job is of no workflow
	 */
	default void spawn(List<JobRequest> requests) {
		throw new IllegalStateException("Only a workflow step can spawn jobs; enqueue them with TaskFlow instead");
	}

}
