package dev.taskflow.store;

import java.time.Instant;

/**
 * One attempt of a job as kept in its history, or read from the job row while it runs.
 *
 * @param attempt the attempt number
 * @param nodeId the node that ran it, or {@code null}
 * @param startedAt when it started, or {@code null}
 * @param finishedAt when it ended, or {@code null} while it runs
 * @param outcome how it ended: {@code RUNNING}, {@code SUCCEEDED}, {@code RETRIED},
 * {@code FAILED}, {@code LEASE_EXPIRED} or {@code RELEASED}
 * @param error the error with a bounded stack trace, or {@code null}
 * @param logs the captured log lines as a JSON array, or {@code null}
 * @author TaskFlow
 */
public record AttemptRecord(int attempt, String nodeId, Instant startedAt, Instant finishedAt, String outcome,
		String error, String logs) {

}
