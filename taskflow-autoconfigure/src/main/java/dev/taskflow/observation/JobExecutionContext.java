package dev.taskflow.observation;

import java.util.Map;

import io.micrometer.observation.transport.ReceiverContext;

import dev.taskflow.TaskContext;

/**
 * The context of a {@link TaskFlowObservation#JOB_EXECUTION} observation: one attempt of
 * a job. Its carrier holds the W3C {@code traceparent} stored when the job was enqueued,
 * from which a tracing propagator continues the enqueueing trace.
 *
 * @author TaskFlow
 */
public class JobExecutionContext extends ReceiverContext<Map<String, String>> {

	private final TaskContext task;

	private final String traceParent;

	/**
	 * Create a context.
	 * @param task the running job
	 * @param traceParent the stored {@code traceparent}, or {@code null}
	 */
	public JobExecutionContext(TaskContext task, String traceParent) {
		super((carrier, key) -> (carrier != null) ? carrier.get(key) : null);
		this.task = task;
		this.traceParent = traceParent;
		setCarrier((traceParent != null) ? Map.of(JobEnqueueContext.TRACE_PARENT, traceParent) : Map.of());
		setRemoteServiceName("taskflow");
	}

	/**
	 * The running job.
	 * @return the job's task context
	 */
	public TaskContext getTask() {
		return this.task;
	}

	/**
	 * The W3C {@code traceparent} stored with the job.
	 * @return the trace parent or {@code null} if the job was enqueued outside a trace
	 */
	public String getTraceParent() {
		return this.traceParent;
	}

}
