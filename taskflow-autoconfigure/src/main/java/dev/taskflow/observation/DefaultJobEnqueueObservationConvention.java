package dev.taskflow.observation;

import java.util.List;
import java.util.function.Function;

import io.micrometer.common.KeyValues;

import dev.taskflow.JobRequest;
import dev.taskflow.observation.TaskFlowObservation.EnqueueHighCardinalityKeyNames;
import dev.taskflow.observation.TaskFlowObservation.LowCardinalityKeyNames;

/**
 * The default {@link JobEnqueueObservationConvention}: named {@value #NAME}, tagged with
 * the handler and queue, the span named {@code enqueue <handler>}. Extend it to add keys.
 *
 * @author TaskFlow
 */
public class DefaultJobEnqueueObservationConvention implements JobEnqueueObservationConvention {

	/**
	 * The observation's name.
	 */
	public static final String NAME = "taskflow.job.enqueue";

	/**
	 * The value of the handler or queue key for a batch of several handlers or queues.
	 */
	public static final String MIXED = "mixed";

	/**
	 * A shared instance.
	 */
	public static final DefaultJobEnqueueObservationConvention INSTANCE = new DefaultJobEnqueueObservationConvention();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(JobEnqueueContext context) {
		String handler = common(context.getRequests(), JobRequest::getHandler);
		return MIXED.equals(handler) ? "enqueue" : "enqueue " + handler;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JobEnqueueContext context) {
		return KeyValues.of(
				LowCardinalityKeyNames.HANDLER.withValue(common(context.getRequests(), JobRequest::getHandler)),
				LowCardinalityKeyNames.QUEUE.withValue(common(context.getRequests(), JobRequest::getQueue)));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JobEnqueueContext context) {
		KeyValues keyValues = KeyValues
			.of(EnqueueHighCardinalityKeyNames.JOB_COUNT.withValue(Integer.toString(context.getRequests().size())));
		if (context.getJobIds().size() == 1) {
			keyValues = keyValues
				.and(EnqueueHighCardinalityKeyNames.JOB_ID.withValue(context.getJobIds().get(0).toString()));
		}
		if (context.getRequests().size() == 1 && context.getRequests().get(0).getCorrelationId() != null) {
			keyValues = keyValues.and(EnqueueHighCardinalityKeyNames.CORRELATION_ID
				.withValue(context.getRequests().get(0).getCorrelationId()));
		}
		return keyValues;
	}

	private static String common(List<JobRequest> requests, Function<JobRequest, String> value) {
		String common = null;
		for (JobRequest request : requests) {
			String next = value.apply(request);
			if (common == null) {
				common = next;
			}
			else if (!common.equals(next)) {
				return MIXED;
			}
		}
		return (common != null) ? common : MIXED;
	}

}
