package dev.taskflow;

/**
 * A workflow that cannot be started, found before anything of it was stored: a duplicate
 * step name, a step after one that does not exist, a cycle, a handler no node knows, an
 * empty workflow.
 *
 * @author TaskFlow
 */
public class InvalidWorkflowException extends IllegalArgumentException {

	/**
	 * Create the exception.
	 * @param message what is wrong and how to mend it
	 */
	public InvalidWorkflowException(String message) {
		super(message);
	}

	/**
	 * Create the exception with its cause.
	 * @param message what is wrong and how to mend it
	 * @param cause the cause
	 */
	public InvalidWorkflowException(String message, Throwable cause) {
		super(message, cause);
	}

}
