package dev.taskflow.observation;

import io.micrometer.common.KeyValues;

import dev.taskflow.TaskContext;
import dev.taskflow.observation.TaskFlowObservation.ExecutionHighCardinalityKeyNames;
import dev.taskflow.observation.TaskFlowObservation.LowCardinalityKeyNames;

/**
 * The default {@link JobExecutionObservationConvention}: named {@value #NAME}, tagged
 * with the handler and queue, the span named {@code execute <handler>}. Extend it to add
 * keys.
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
