package dev.taskflow.engine;

/**
 * Turns a failure into the text stored as a job's last error: the exception type and
 * message, with those of its causes, never a payload.
 *
 * @author TaskFlow
 */
final class ErrorText {

	private static final int MAX_CAUSES = 3;

	private ErrorText() {
	}

	static String of(Throwable failure) {
		StringBuilder text = new StringBuilder(describe(failure));
		Throwable cause = failure.getCause();
		for (int i = 0; i < MAX_CAUSES && cause != null && cause != failure; i++) {
			text.append("; caused by ").append(describe(cause));
			failure = cause;
			cause = cause.getCause();
		}
		return text.toString();
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		return (message != null) ? failure.getClass().getName() + ": " + message : failure.getClass().getName();
	}

}
