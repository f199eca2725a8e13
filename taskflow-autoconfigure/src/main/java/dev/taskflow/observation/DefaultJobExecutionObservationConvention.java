package dev.taskflow.observation;

import io.micrometer.common.KeyValues;

import dev.taskflow.TaskContext;
import dev.taskflow.observation.TaskFlowObservation.ExecutionHighCardinalityKeyNames;
import dev.taskflow.observation.TaskFlowObservation.LowCardinalityKeyNames;

/**
 * The default {@link JobExecutionObservationConvention}: named {@value #NAME}, tagged
 * with the handler and queue, the span named {@code execute <handler>}. Extend it to add
 * keys.
 * <p>
 * Spring Boot's default meter observation handler also records the observation as a timer
 * named {@value #NAME}: that timer is deprecated, as it measures the same attempts as
 * {@code taskflow.job.duration} ({@code JobMetrics}, which needs no
 * {@code ObservationRegistry}) under other tag names, and goes in the next release.
 * {@code management.metrics.enable.taskflow.job.execution=false} switches it off now.
 *
 * @author TaskFlow
 */
public class DefaultJobExecutionObservationConvention implements JobExecutionObservationConvention {

	/**
	 * The observation's name.
	 */
	public static final String NAME = "taskflow.job.execution";

	/**
	 * A shared instance.
	 */
	public static final DefaultJobExecutionObservationConvention INSTANCE = new DefaultJobExecutionObservationConvention();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(JobExecutionContext context) {
		return "execute " + context.getTask().handler();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JobExecutionContext context) {
		TaskContext task = context.getTask();
		return KeyValues.of(LowCardinalityKeyNames.HANDLER.withValue(task.handler()),
				LowCardinalityKeyNames.QUEUE.withValue(task.queue()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JobExecutionContext context) {
		TaskContext task = context.getTask();
		KeyValues keyValues = KeyValues.of(ExecutionHighCardinalityKeyNames.JOB_ID.withValue(task.jobId().toString()),
				ExecutionHighCardinalityKeyNames.ATTEMPT.withValue(Integer.toString(task.attempt())));
		if (task.correlationId() != null) {
			keyValues = keyValues.and(ExecutionHighCardinalityKeyNames.CORRELATION_ID.withValue(task.correlationId()));
		}
		return keyValues;
	}

}
