package dev.taskflow.engine;

import org.slf4j.MDC;

import dev.taskflow.store.ClaimedJob;

/**
 * Puts the running job into the SLF4J MDC of its worker thread, so every line the handler
 * logs names the job, and takes it out again before the thread runs anything else.
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
		MDC.put(JOB_ID, job.id().toString());
		MDC.put(HANDLER, job.handler());
		MDC.put(ATTEMPT, Integer.toString(job.attempt()));
		if (job.correlationId() != null) {
			MDC.put(CORRELATION_ID, job.correlationId());
		}
	}

	static void clear() {
		MDC.remove(JOB_ID);
		MDC.remove(HANDLER);
		MDC.remove(ATTEMPT);
		MDC.remove(CORRELATION_ID);
	}

}
