package dev.taskflow.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for {@link TaskFlowObservation#JOB_EXECUTION}: declare
 * a bean of this type to replace {@link DefaultJobExecutionObservationConvention}.
 *
 * @author TaskFlow
 */
public interface JobExecutionObservationConvention extends ObservationConvention<JobExecutionContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JobExecutionContext;
	}

}
