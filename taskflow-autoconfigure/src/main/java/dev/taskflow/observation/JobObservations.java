package dev.taskflow.observation;

import java.util.List;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskContext;

/**
 * What the engine tells about enqueueing and running jobs, to be observed. Its signatures
 * name no Micrometer type, so the engine runs without Micrometer on the class path;
 * {@link #NONE} observes nothing and costs nothing.
 *
 * @author TaskFlow
 * @see MicrometerJobObservations
 */
public interface JobObservations {

	/**
	 * Observes nothing.
	 */
	JobObservations NONE = new JobObservations() {

		@Override
		public Enqueue enqueue(List<JobRequest> requests) {
			return Enqueue.NONE;
		}

		@Override
		public Execution execution(TaskContext task, String traceParent) {
			return Execution.NONE;
		}

	};

	/**
	 * Start observing the enqueue of a batch of jobs on the calling thread; the
	 * observation is current on this thread until {@link Enqueue#close() closed}.
	 * @param requests the requests of the batch, not empty
	 * @return the started observation
	 */
	Enqueue enqueue(List<JobRequest> requests);

	/**
	 * Start observing one attempt of a job on the calling worker thread; the observation
	 * is current on this thread, so the handler's own spans are its children, until
	 * {@link Execution#close() closed}.
	 * @param task the running job
	 * @param traceParent the W3C {@code traceparent} stored with the job, or {@code null}
	 * @return the started observation
	 */
	Execution execution(TaskContext task, String traceParent);

	/**
	 * A started observation of an enqueue.
	 */
	interface Enqueue extends AutoCloseable {

		/**
		 * Observes nothing.
		 */
		Enqueue NONE = new Enqueue() {

			@Override
			public String traceParent() {
				return null;
			}

			@Override
			public void enqueued(List<JobId> ids) {
			}

			@Override
			public void error(Throwable error) {
			}

			@Override
			public void close() {
			}

		};

		/**
		 * The W3C {@code traceparent} to store with every job of the batch, so its
		 * execution continues this trace.
		 * @return the trace parent, or {@code null} when no trace is propagated
		 */
		String traceParent();

		/**
		 * Tell the ids the batch resolved to.
		 * @param ids the ids, in the order of the requests
		 */
		void enqueued(List<JobId> ids);

		/**
		 * Tell that the enqueue failed.
		 * @param error the failure
		 */
		void error(Throwable error);

		/**
		 * Leave the observation's scope and stop it.
		 */
		@Override
		void close();

	}

	/**
	 * A started observation of one attempt of a job.
	 */
	interface Execution extends AutoCloseable {

		/**
		 * Observes nothing.
		 */
		Execution NONE = new Execution() {

			@Override
			public void error(Throwable error) {
			}

			@Override
			public void close() {
			}

		};

		/**
		 * Tell that the attempt failed.
		 * @param error the failure
		 */
		void error(Throwable error);

		/**
		 * Leave the observation's scope and stop it.
		 */
		@Override
		void close();

	}

}
