package dev.taskflow.throttle;

/**
 * A rate limit, concurrency limit, queue or reserved-capacity setting that cannot work;
 * thrown at start-up.
 *
 * @author TaskFlow
 */
public class InvalidThrottleException extends IllegalArgumentException {

	private final String property;

	/**
	 * Create the exception.
	 * @param property the property (or annotation attribute) to fix
	 * @param problem what is wrong
	 */
	public InvalidThrottleException(String property, String problem) {
		super("Invalid TaskFlow limit " + property + ": " + problem);
		this.property = property;
	}

	/**
	 * The property (or annotation attribute) to fix.
	 * @return the property
	 */
	public String getProperty() {
		return this.property;
	}

}
