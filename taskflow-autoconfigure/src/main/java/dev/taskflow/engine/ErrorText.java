package dev.taskflow.engine;

import java.io.IOException;

import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.StandardStackTracePrinter;

/**
 * Turns a failure into text: the short form stored as a job's last error (the exception
 * type and message, with those of its causes), and the long form kept in the attempt's
 * history (with a bounded stack trace). Never a payload.
 *
 * @author TaskFlow
 */
final class ErrorText {

	private static final int MAX_CAUSES = 3;

	/**
	 * The most stack frames kept of each throwable in a stack trace.
	 */
	static final int MAX_FRAMES = 25;

	/**
	 * The longest stack trace kept, in characters.
	 */
	static final int MAX_LENGTH = 8 * 1024;

	private static final StackTracePrinter STACK_TRACE = StandardStackTracePrinter.rootLast()
		.withMaximumThrowableDepth(MAX_FRAMES)
		.withMaximumLength(MAX_LENGTH)
		.withLineSeparator("\n");

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

	/**
	 * The failure with its stack trace and those of its causes, as
	 * {@link Throwable#printStackTrace()} writes them (frames shared with the enclosing
	 * trace left out), but at most {@link #MAX_FRAMES} frames of each throwable and
	 * {@link #MAX_LENGTH} characters in all.
	 * @param failure the failure
	 * @return the text
	 */
	static String withStackTrace(Throwable failure) {
		try {
			StringBuilder text = new StringBuilder();
			STACK_TRACE.printStackTrace(failure, text);
			return text.toString().stripTrailing();
		}
		catch (IOException | RuntimeException ex) {
			// a throwable whose toString throws: the short form still says what failed
			return of(failure);
		}
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		return (message != null) ? failure.getClass().getName() + ": " + message : failure.getClass().getName();
	}

}
