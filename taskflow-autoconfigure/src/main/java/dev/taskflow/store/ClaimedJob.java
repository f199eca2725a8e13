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
		String correlationId) {

	/**
	 * The order in which claimed jobs start: highest priority first, then the longest
	 * due.
	 */
	public static final Comparator<ClaimedJob> START_ORDER = Comparator.comparingInt(ClaimedJob::priority)
		.reversed()
		.thenComparing(ClaimedJob::runAt);

}
