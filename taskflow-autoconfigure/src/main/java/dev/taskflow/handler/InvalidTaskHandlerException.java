package dev.taskflow.handler;

/**
 * Thrown at start-up when a {@link dev.taskflow.TaskHandler @TaskHandler} method cannot
 * be used: a bad signature, a duplicate name or an invalid setting.
 *
 * @author TaskFlow
 */
public class InvalidTaskHandlerException extends IllegalStateException {

	private final String action;

	InvalidTaskHandlerException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * What to change to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
