package dev.taskflow.observation;

import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskContext;

/**
 * {@link JobObservations} as Micrometer {@link Observation}s: the enqueue as a
 * {@link JobEnqueueContext sender}, each attempt as a {@link JobExecutionContext
 * receiver}. With Micrometer Tracing, Spring Boot's propagating tracing handlers write
 * the enqueueing span's {@code traceparent} into the enqueue's carrier and continue the
 * trace from it at execution, on whichever node runs the job.
 *
 * @author TaskFlow
 */
public final class MicrometerJobObservations implements JobObservations {

	private final ObservationRegistry registry;

	private final JobEnqueueObservationConvention enqueueConvention;

	private final JobExecutionObservationConvention executionConvention;

	/**
	 * Observe with the given registry and the default conventions.
	 * @param registry the registry
	 */
	public MicrometerJobObservations(ObservationRegistry registry) {
		this(registry, null, null);
	}

	/**
	 * Observe with the given registry and conventions.
	 * @param registry the registry
	 * @param enqueueConvention the enqueue convention, or {@code null} for the default
	 * @param executionConvention the execution convention, or {@code null} for the
	 * default
	 */
	public MicrometerJobObservations(ObservationRegistry registry, JobEnqueueObservationConvention enqueueConvention,
			JobExecutionObservationConvention executionConvention) {
		this.registry = registry;
		this.enqueueConvention = enqueueConvention;
		this.executionConvention = executionConvention;
	}

	@Override
	public Enqueue enqueue(List<JobRequest> requests) {
		if (this.registry.isNoop()) {
			return Enqueue.NONE;
		}
		JobEnqueueContext context = new JobEnqueueContext(requests);
		Observation observation = TaskFlowObservation.JOB_ENQUEUE
			.observation(this.enqueueConvention, DefaultJobEnqueueObservationConvention.INSTANCE, () -> context,
					this.registry)
			.start();
		return new ObservedEnqueue(observation, observation.openScope(), context);
	}

	@Override
	public Execution execution(TaskContext task, String traceParent) {
		if (this.registry.isNoop()) {
			return Execution.NONE;
		}
		JobExecutionContext context = new JobExecutionContext(task, traceParent);
		Observation observation = TaskFlowObservation.JOB_EXECUTION
			.observation(this.executionConvention, DefaultJobExecutionObservationConvention.INSTANCE, () -> context,
					this.registry)
			.start();
		return new ObservedExecution(observation, observation.openScope());
	}

	/**
	 * The registry observations are made with.
	 * @return the registry
	 */
	public ObservationRegistry getRegistry() {
		return this.registry;
	}

	private record ObservedEnqueue(Observation observation, Observation.Scope scope,
			JobEnqueueContext context) implements Enqueue {

		@Override
		public String traceParent() {
			return this.context.getTraceParent();
		}

		@Override
		public void enqueued(List<JobId> ids) {
			this.context.setJobIds(ids);
		}

		@Override
		public void error(Throwable error) {
			this.observation.error(error);
		}

		@Override
		public void close() {
			this.scope.close();
			this.observation.stop();
		}

	}

	private record ObservedExecution(Observation observation, Observation.Scope scope) implements Execution {

		@Override
		public void error(Throwable error) {
			this.observation.error(error);
		}

		@Override
		public void close() {
			this.scope.close();
			this.observation.stop();
		}

	}

}
