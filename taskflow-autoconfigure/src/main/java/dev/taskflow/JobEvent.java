package dev.taskflow;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link TaskFlowListener} is told about a job: which job, which attempt, and for
 * an attempt that ran, how long it waited and how long it took.
 *
 * @param id the job's id
 * @param handler the name of the job's handler
 * @param queue the job's queue
 * @param priority the job's priority
 * @param attempt the number of the attempt the event is about, {@code 0} for an enqueued
 * or cancelled job that never ran
 * @param waitTime the time from the job's due time to the start of the attempt, or
 * {@code null} where the attempt did not start
 * @param duration how long the attempt ran, or {@code null} where it did not run to an
 * outcome on this node
 * @author TaskFlow
 */
public record JobEvent(JobId id, String handler, String queue, int priority, int attempt, Duration waitTime,
		Duration duration) {

	/**
	 * Create an event.
	 * @param id the job's id
	 * @param handler the name of the job's handler
	 * @param queue the job's queue
	 * @param priority the job's priority
	 * @param attempt the number of the attempt
	 * @param waitTime the wait from due time to start, or {@code null}
	 * @param duration the attempt's duration, or {@code null}
	 */
	public JobEvent {
		Objects.requireNonNull(id, "'id' must not be null");
		Objects.requireNonNull(handler, "'handler' must not be null");
		Objects.requireNonNull(queue, "'queue' must not be null");
	}

	/**
	 * An event about a job, not about one of its attempts running.
	 * @param id the job's id
	 * @param handler the name of the job's handler
	 * @param queue the job's queue
	 * @param priority the job's priority
	 * @param attempt the number of its latest attempt, {@code 0} if none
	 * @return the event
	 */
	public static JobEvent of(JobId id, String handler, String queue, int priority, int attempt) {
		return new JobEvent(id, handler, queue, priority, attempt, null, null);
	}

}
