package dev.taskflow;

import java.time.Instant;
import java.util.List;

/**
 * One attempt of a job, as kept in its history: where and when it ran, how it ended, and
 * the log lines captured while it ran (with {@code spring.taskflow.logs.capture=true}).
 * Read with {@link TaskFlow#attempts(JobId)}.
 *
 * @param attempt the attempt's number, from 1; numbers never repeat within a job, also
 * across a manual {@link TaskFlow#retry(JobId) retry}
 * @param nodeId the node that ran it
 * @param startedAt when it started (database clock)
 * @param finishedAt when it ended, or {@code null} while it runs
 * @param outcome how it ended
 * @param error the error it ended with (exception type, message and a stack trace of at
 * most 50 frames and 8 KB, with its causes), what happened for
 * {@link Outcome#LEASE_EXPIRED}, or {@code null}
 * @param logs the log lines captured while it ran, oldest first; empty when capture is
 * off
 * @author TaskFlow
 */
public record JobAttempt(int attempt, String nodeId, Instant startedAt, Instant finishedAt, Outcome outcome,
		String error, List<String> logs) {

	public JobAttempt {
		logs = (logs != null) ? List.copyOf(logs) : List.of();
	}

	/**
	 * How an attempt ended.
	 */
	public enum Outcome {

		/**
		 * It has not ended yet.
		 */
		RUNNING,

		/**
		 * The handler returned.
		 */
		SUCCEEDED,

		/**
		 * The handler failed and the job was scheduled to run again.
		 */
		RETRIED,

		/**
		 * The handler failed and the job failed for good.
		 */
		FAILED,

		/**
		 * Its node stopped or lost the database and the lease expired; the job was handed
		 * to another node (or failed, out of attempts).
		 */
		LEASE_EXPIRED,

		/**
		 * Its node stopped gracefully before it ended and released the job; the attempt
		 * does not count.
		 */
		RELEASED,

		/**
		 * Someone asked the running job to stop ({@link TaskFlow#cancel(JobId)}, or its
		 * workflow's cancel), and it stopped: the job ended {@link JobStatus#CANCELLED}.
		 */
		CANCELLED

	}

}
