package dev.taskflow.engine;

import java.time.Duration;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.Completion;
import dev.taskflow.store.RescuedJob;

/**
 * Logs each job that ends {@code FAILED} at WARN, once, and each retry at INFO or DEBUG,
 * under the logger {@value #LOGGER_NAME} (see {@link FailureLogging}). A line is written
 * only once the outcome it tells of is stored, by the node that stored it, and never for
 * an outcome the store rejected because its attempt no longer owned the job: however many
 * nodes ran a job, it is logged once. A line names the job, its handler, queue and
 * attempt, and the first line of the error, cut at {@value #MAX_ERROR_LENGTH} characters;
 * never the payload or the result.
 * <p>
 * No stack trace at WARN: the line is one line, for alerts and searches, and the stack
 * trace is stored with the attempt already ({@code taskFlow.attempts(id)}, the actuator
 * endpoint). With this logger at DEBUG, each line carries the exception too.
 *
 * @author TaskFlow
 */
final class FailedJobLog {

	/**
	 * The name of the logger, stable whatever class writes to it.
	 */
	static final String LOGGER_NAME = "dev.taskflow.FailedJobs";

	/**
	 * The most characters of an error in a line.
	 */
	static final int MAX_ERROR_LENGTH = 300;

	private static final Log logger = LogFactory.getLog(LOGGER_NAME);

	private final FailureLogging mode;

	FailedJobLog(FailureLogging mode) {
		this.mode = mode;
	}

	/**
	 * The job failed for good, and that outcome is stored.
	 * @param job the job and the attempt that failed
	 * @param error the error stored with the job
	 * @param failure what the attempt threw, or what failed it
	 */
	void failed(ClaimedJob job, String error, Throwable failure) {
		if (this.mode != FailureLogging.OFF && logger.isWarnEnabled()) {
			warn(job.id(), job.handler(), job.attempt(),
					failedLine(job.id(), job.handler(), job.queue(), job.attempt(), job.maxAttempts(), oneLine(error)),
					failure);
		}
	}

	/**
	 * The attempt failed and its job is due again, and that outcome is stored.
	 * @param job the job and the attempt that failed
	 * @param delay the delay before the next attempt
	 * @param error the error stored with the job
	 * @param failure what the attempt threw
	 */
	void retrying(ClaimedJob job, Duration delay, String error, Throwable failure) {
		if (isRetryLogged()) {
			retry(job.id(), job.handler(), job.attempt(),
					job(job.id(), job.handler()) + " failed attempt "
							+ attempts(job.attempt(), job.maxAttempts(), job.queue()) + " and runs again in "
							+ delay.toMillis() + " ms: " + oneLine(error),
					failure);
		}
	}

	/**
	 * The database refused the outcome of the attempt, and the failure of its job that
	 * replaced it is stored.
	 * @param job the job and the attempt
	 * @param refused what the refused outcome was
	 * @param reason why the database refused it
	 */
	void unstorable(ClaimedJob job, Completion.Outcome refused, String reason) {
		if (this.mode != FailureLogging.OFF && logger.isWarnEnabled()) {
			String what = switch (refused) {
				case SUCCEEDED -> "it succeeded";
				case RETRY -> "it failed and was to be retried";
				case FAILED -> "it failed";
				case CANCELLED -> "it stopped on request";
			};
			warn(job.id(), job.handler(), job.attempt(), failedLine(job.id(), job.handler(), job.queue(), job.attempt(),
					job.maxAttempts(),
					"the database refused to store the outcome of the attempt (" + what + "): " + oneLine(reason)),
					null);
		}
	}

	/**
	 * This node handed back a job whose lease had expired: its job failed if it had no
	 * attempts left, else it runs again. The node that ran the attempt never stores its
	 * outcome (the store rejects it), so this is the only node that knows.
	 * @param job the job
	 */
	void rescued(RescuedJob job) {
		String why = "its lease expired on node " + job.node() + " (the node stopped or lost the database)";
		if (job.failed()) {
			if (this.mode != FailureLogging.OFF && logger.isWarnEnabled()) {
				warn(job.id(), job.handler(), job.attempt(), failedLine(job.id(), job.handler(), job.queue(),
						job.attempt(), job.maxAttempts(), why + " and it had no attempts left"), null);
			}
		}
		else if (isRetryLogged()) {
			retry(job.id(), job.handler(), job.attempt(),
					job(job.id(), job.handler()) + " lost attempt "
							+ attempts(job.attempt(), job.maxAttempts(), job.queue()) + " and runs again: " + why,
					null);
		}
	}

	private boolean isRetryLogged() {
		return switch (this.mode) {
			case ALL -> logger.isInfoEnabled();
			case FAILED -> logger.isDebugEnabled();
			case OFF -> false;
		};
	}

	private static String failedLine(UUID id, String handler, String queue, int attempt, int maxAttempts,
			String error) {
		return job(id, handler) + " FAILED on attempt " + attempts(attempt, maxAttempts, queue) + ": " + error;
	}

	private static String job(UUID id, String handler) {
		return "Job " + id + " of handler '" + handler + "'";
	}

	private static String attempts(int attempt, int maxAttempts, String queue) {
		return attempt + " of " + maxAttempts + " (queue '" + queue + "')";
	}

	private static void warn(UUID id, String handler, int attempt, String line, Throwable failure) {
		write(id, handler, attempt, () -> {
			if (failure != null && logger.isDebugEnabled()) {
				logger.warn(line, failure);
			}
			else {
				logger.warn(line);
			}
		});
	}

	private void retry(UUID id, String handler, int attempt, String line, Throwable failure) {
		Throwable withTrace = logger.isDebugEnabled() ? failure : null;
		write(id, handler, attempt, () -> {
			if (this.mode == FailureLogging.ALL) {
				logger.info(line, withTrace);
			}
			else {
				logger.debug(line, withTrace);
			}
		});
	}

	// on the outcome writer's or the rescue's thread, which hold no job in their MDC. A
	// logging system that throws must not cut short what the node does after a write
	// (the other outcomes' announcements, forgetting the finished jobs)
	private static void write(UUID id, String handler, int attempt, Runnable log) {
		try {
			JobDiagnosticContext.put(id, handler, attempt, null);
			log.run();
		}
		catch (RuntimeException | Error ex) {
			// nowhere left to report it
		}
		finally {
			JobDiagnosticContext.clear();
		}
	}

	// the first line, without control characters (a line break in a message would start
	// a forged log line), cut to its bound; a message may be megabytes long, so only
	// its beginning is read
	static String oneLine(String text) {
		String stripped = (text != null) ? text.strip() : "";
		if (stripped.isEmpty()) {
			return "no error message";
		}
		StringBuilder line = new StringBuilder(Math.min(stripped.length(), MAX_ERROR_LENGTH + 1));
		for (int i = 0; i < stripped.length() && line.length() <= MAX_ERROR_LENGTH; i++) {
			char c = stripped.charAt(i);
			if (c == '\n' || c == '\r') {
				break;
			}
			line.append(Character.isISOControl(c) ? ' ' : c);
		}
		if (line.length() <= MAX_ERROR_LENGTH) {
			return line.toString();
		}
		int cut = MAX_ERROR_LENGTH - 3;
		if (Character.isHighSurrogate(line.charAt(cut - 1))) {
			cut--;
		}
		return line.substring(0, cut) + "...";
	}

}
