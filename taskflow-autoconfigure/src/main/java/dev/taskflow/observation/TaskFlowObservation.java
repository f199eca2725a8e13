package dev.taskflow.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations TaskFlow makes.
 *
 * @author TaskFlow
 */
public enum TaskFlowObservation implements ObservationDocumentation {

	/**
	 * Enqueueing a batch of jobs ({@code enqueue} or {@code enqueueAll}): the producer
	 * side, whose trace context is stored with every job of the batch.
	 */
	JOB_ENQUEUE {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJobEnqueueObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return EnqueueHighCardinalityKeyNames.values();
		}

	},

	/**
	 * Running one attempt of a job on a worker thread: the consumer side, continuing the
	 * trace stored when the job was enqueued. The handler's own spans are its children.
	 * The timer a meter handler makes of it is deprecated: {@code taskflow.job.duration}
	 * times attempts.
	 */
	JOB_EXECUTION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJobExecutionObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ExecutionHighCardinalityKeyNames.values();
		}

	};

	/**
	 * Low cardinality keys of both observations.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The handler name; {@code mixed} for a batch of several handlers.
		 */
		HANDLER {

			@Override
			public String asString() {
				return "taskflow.handler";
			}

		},

		/**
		 * The queue name; {@code mixed} for a batch on several queues.
		 */
		QUEUE {

			@Override
			public String asString() {
				return "taskflow.queue";
			}

		}

	}

	/**
	 * High cardinality keys of {@link #JOB_ENQUEUE}.
	 */
	public enum EnqueueHighCardinalityKeyNames implements KeyName {

		/**
		 * The id of the enqueued job, for a batch of one.
		 */
		JOB_ID {

			@Override
			public String asString() {
				return "taskflow.job.id";
			}

			@Override
			public boolean isRequired() {
				return false;
			}

		},

		/**
		 * The number of jobs in the batch.
		 */
		JOB_COUNT {

			@Override
			public String asString() {
				return "taskflow.job.count";
			}

		},

		/**
		 * The correlation id of a batch of one, if it has one.
		 */
		CORRELATION_ID {

			@Override
			public String asString() {
				return "taskflow.correlation.id";
			}

			@Override
			public boolean isRequired() {
				return false;
			}

		}

	}

	/**
	 * High cardinality keys of {@link #JOB_EXECUTION}.
	 */
	public enum ExecutionHighCardinalityKeyNames implements KeyName {

		/**
		 * The id of the running job.
		 */
		JOB_ID {

			@Override
			public String asString() {
				return "taskflow.job.id";
			}

		},

		/**
		 * The number of this attempt, starting at 1.
		 */
		ATTEMPT {

			@Override
			public String asString() {
				return "taskflow.attempt";
			}

		},

		/**
		 * The job's correlation id, if it has one.
		 */
		CORRELATION_ID {

			@Override
			public String asString() {
				return "taskflow.correlation.id";
			}

			@Override
			public boolean isRequired() {
				return false;
			}

		}

	}

}
