package dev.taskflow.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * A job this node has claimed: it is {@code RUNNING} under this node's lease.
 *
 * @param id the job id
 * @param handler the handler name
 * @param queue the queue name
 * @param attempt the number of this attempt; with the id it fences the attempt's outcome
 * @param maxAttempts the number of attempts in all
 * @param payload the payload as JSON text, or {@code null}
 * @param priority the priority
 * @param runAt the time it was due
 * @param scheduleName the schedule that enqueued it, or {@code null}
 * @param fireTime its fire time if a schedule enqueued it, or {@code null}
 * @param concurrencyKey its concurrency key, or {@code null}
 * @param traceParent the W3C {@code traceparent} stored when it was enqueued, or
 * {@code null}
 * @param correlationId its correlation id, or {@code null}
 * @author TaskFlow
 */
public record ClaimedJob(UUID id, String handler, String queue, int attempt, int maxAttempts, String payload,
		int priority, Instant runAt, String scheduleName, Instant fireTime, String concurrencyKey, String traceParent,
		String correlationId, JobStep step) {

	/**
	 * A claimed job of no workflow.
	 * @param id the job id
	 * @param handler the handler name
	 * @param queue the queue name
	 * @param attempt the attempt number this claim starts
	 * @param maxAttempts the number of attempts in all
	 * @param payload the payload JSON, or {@code null}
	 * @param priority the priority
	 * @param runAt the due time
	 * @param scheduleName the schedule that made the job, or {@code null}
	 * @param fireTime the schedule's fire time, or {@code null}
	 * @param concurrencyKey the concurrency key, or {@code null}
	 * @param traceParent the trace parent, or {@code null}
	 * @param correlationId the correlation id, or {@code null}
	 */
	public ClaimedJob(UUID id, String handler, String queue, int attempt, int maxAttempts, String payload, int priority,
			Instant runAt, String scheduleName, Instant fireTime, String concurrencyKey, String traceParent,
			String correlationId) {
		this(id, handler, queue, attempt, maxAttempts, payload, priority, runAt, scheduleName, fireTime, concurrencyKey,
				traceParent, correlationId, null);
	}

	/**
	 * The order in which claimed jobs start: highest priority first, then the longest
	 * due.
	 */
	public static final Comparator<ClaimedJob> START_ORDER = Comparator.comparingInt(ClaimedJob::priority)
		.reversed()
		.thenComparing(ClaimedJob::runAt);

}
