package dev.taskflow;

/**
 * Thrown by a handler to fail its job at once, whatever attempts remain: for input that
 * will never succeed (a poison payload, a missing record).
 *
 * @author TaskFlow
 */
public class NonRetryableException extends RuntimeException {

	/**
	 * Create an exception with a message.
	 * @param message what went wrong, stored as the job's last error
	 */
	public NonRetryableException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a message and a cause.
	 * @param message what went wrong, stored as the job's last error
	 * @param cause the underlying problem
	 */
	public NonRetryableException(String message, Throwable cause) {
		super(message, cause);
	}

}
