package dev.taskflow.store;

import java.time.Instant;
import java.util.UUID;

import dev.taskflow.JobProgress;
import dev.taskflow.JobStatus;

/**
 * A job row as stored.
 *
 * @param id the id
 * @param handler the handler name
 * @param queue the queue name
 * @param status the status
 * @param priority the priority
 * @param runAt the due time
 * @param attempt the attempts made
 * @param maxAttempts the attempts allowed
 * @param result the result JSON or {@code null}
 * @param lastError the last error or {@code null}
 * @param ownerNode the node running it or {@code null}
 * @param createdAt the creation time
 * @param startedAt the latest start time or {@code null}
 * @param finishedAt the finish time or {@code null}
 * @param scheduleName the schedule that enqueued it, or {@code null}
 * @param fireTime its fire time if a schedule enqueued it, or {@code null}
 * @param concurrencyKey its concurrency key, or {@code null}
 * @param correlationId its correlation id, or {@code null}
 * @param payload its payload JSON, or {@code null} (also when it was not read)
 * @param traceParent the W3C {@code traceparent} of the trace the job continues, or
 * {@code null}
 * @param uniqueKey the unique key it was enqueued with, or {@code null}
 * @param workflowId the workflow it is a step of, or {@code null}
 * @param stepName its step, or {@code null}
 * @param progress how far it got, as its handler last reported it, or {@code null}
 * @author TaskFlow
 */
public record JobRecord(UUID id, String handler, String queue, JobStatus status, int priority, Instant runAt,
		int attempt, int maxAttempts, String result, String lastError, String ownerNode, Instant createdAt,
		Instant startedAt, Instant finishedAt, String scheduleName, Instant fireTime, String concurrencyKey,
		String correlationId, String payload, String traceParent, String uniqueKey, UUID workflowId, String stepName,
		JobProgress progress) {

}
