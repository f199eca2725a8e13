package dev.taskflow.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for {@link TaskFlowObservation#JOB_ENQUEUE}: declare a
 * bean of this type to replace {@link DefaultJobEnqueueObservationConvention}.
 *
 * @author TaskFlow
 */
public interface JobEnqueueObservationConvention extends ObservationConvention<JobEnqueueContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JobEnqueueContext;
	}

}
