package dev.taskflow;

import java.time.Duration;

/**
 * Records that an attempt overran its handler's timeout and was interrupted. The attempt
 * counts as failed and is retried like any other failure.
 *
 * @author TaskFlow
 */
public class TaskTimeoutException extends RuntimeException {

	/**
	 * Create an exception for a handler that overran.
	 * @param handler the handler name
	 * @param timeout the timeout it overran
	 */
	public TaskTimeoutException(String handler, Duration timeout) {
		super("Handler '" + handler + "' exceeded its timeout of " + timeout.toMillis()
				+ " ms and was interrupted; raise spring.taskflow.handlers." + handler
				+ ".timeout if the work needs longer");
	}

}
