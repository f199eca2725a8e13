package dev.taskflow.engine;

/**
 * Which failures of jobs a worker node logs ({@code spring.taskflow.logs.failures}),
 * under the logger {@code dev.taskflow.FailedJobs}: one line per job that ends
 * {@code FAILED}, one per retry, written once the outcome is stored, by the node that
 * stored it.
 *
 * @author TaskFlow
 */
public enum FailureLogging {

	/**
	 * A WARN line for each job that ends {@code FAILED}; each retry at DEBUG.
	 */
	FAILED,

	/**
	 * A WARN line for each job that ends {@code FAILED}, and an INFO line for each retry.
	 */
	ALL,

	/**
	 * No line at all.
	 */
	OFF

}
