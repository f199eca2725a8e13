package dev.taskflow.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskHandler;

/**
 * Handlers for the tracing and correlation tests: each records what it saw while it ran.
 * State is static so that several nodes in one JVM share it.
 *
 * @author TaskFlow
 */
class TracingTestHandlers {

	static final Map<UUID, Seen> seen = new ConcurrentHashMap<>();

	private final ObjectProvider<Tracer> tracer;

	private final ObjectProvider<ObservationRegistry> observationRegistry;

	private final ObjectProvider<TaskFlow> taskFlow;

	TracingTestHandlers(ObjectProvider<Tracer> tracer, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<TaskFlow> taskFlow) {
		this.tracer = tracer;
		this.observationRegistry = observationRegistry;
		this.taskFlow = taskFlow;
	}

	static void reset() {
		seen.clear();
	}

	/**
	 * Records what it sees and makes a span of its own.
	 * @param context the running job
	 */
	@TaskHandler("trace.work")
	void work(TaskContext context) {
		record(context, List.of());
		Observation
			.createNotStarted("handler.work", this.observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP))
			.observe(() -> {
			});
	}

	/**
	 * Enqueues a {@code trace.work} job without a correlation id and, given a payload,
	 * another one with that payload as its correlation id.
	 * @param override the correlation id of the second job, or {@code null} for none
	 * @param context the running job
	 */
	@TaskHandler("trace.fanout")
	void fanOut(String override, TaskContext context) {
		List<JobId> enqueued = new ArrayList<>();
		TaskFlow client = this.taskFlow.getObject();
		enqueued.add(client.enqueue(JobRequest.of("trace.work")));
		if (override != null) {
			enqueued.add(client.enqueue(JobRequest.of("trace.work").correlationId(override)));
		}
		record(context, enqueued);
	}

	private void record(TaskContext context, List<JobId> enqueued) {
		Tracer current = this.tracer.getIfAvailable();
		Span span = (current != null) ? current.currentSpan() : null;
		seen.put(context.jobId().value(),
				new Seen(context.correlationId(), MDC.get("taskflow.correlationId"),
						(span != null) ? span.context().traceId() : null,
						(span != null) ? span.context().spanId() : null, enqueued));
	}

	/**
	 * What a handler saw.
	 *
	 * @param correlationId the correlation id of its task context
	 * @param mdcCorrelationId the correlation id in the MDC
	 * @param traceId the trace id of the current span
	 * @param spanId the id of the current span
	 * @param enqueued the jobs it enqueued
	 */
	record Seen(String correlationId, String mdcCorrelationId, String traceId, String spanId, List<JobId> enqueued) {
	}

}
