package dev.taskflow.engine;

import java.util.UUID;

import org.slf4j.MDC;

import dev.taskflow.store.ClaimedJob;

/**
 * Puts the running job into the SLF4J MDC of its worker thread, so every line the handler
 * logs names the job, and takes it out again before the thread runs anything else. The
 * lines about failed jobs carry it too, on the threads that write them.
 *
 * @author TaskFlow
 */
final class JobDiagnosticContext {

	static final String JOB_ID = "taskflow.jobId";

	static final String HANDLER = "taskflow.handler";

	static final String ATTEMPT = "taskflow.attempt";

	static final String CORRELATION_ID = "taskflow.correlationId";

	private JobDiagnosticContext() {
	}

	static void put(ClaimedJob job) {
		put(job.id(), job.handler(), job.attempt(), job.correlationId());
	}

	static void put(UUID id, String handler, int attempt, String correlationId) {
		MDC.put(JOB_ID, id.toString());
		MDC.put(HANDLER, handler);
		MDC.put(ATTEMPT, Integer.toString(attempt));
		if (correlationId != null) {
			MDC.put(CORRELATION_ID, correlationId);
		}
	}

	static void clear() {
		MDC.remove(JOB_ID);
		MDC.remove(HANDLER);
		MDC.remove(ATTEMPT);
		MDC.remove(CORRELATION_ID);
	}

}
