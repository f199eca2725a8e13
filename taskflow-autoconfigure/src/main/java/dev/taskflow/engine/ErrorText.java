package dev.taskflow.engine;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

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
	 * The most stack frames kept in a stack trace, causes included.
	 */
	static final int MAX_FRAMES = 50;

	/**
	 * The longest stack trace kept, in characters.
	 */
	static final int MAX_LENGTH = 8 * 1024;

	private static final int MAX_TRACED_CAUSES = 10;

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
	 * trace left out), but at most {@link #MAX_FRAMES} frames and {@link #MAX_LENGTH}
	 * characters.
	 * @param failure the failure
	 * @return the text
	 */
	static String withStackTrace(Throwable failure) {
		StringBuilder text = new StringBuilder();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		int framesLeft = MAX_FRAMES;
		StackTraceElement[] enclosing = new StackTraceElement[0];
		Throwable current = failure;
		for (int i = 0; current != null && seen.add(current) && i <= MAX_TRACED_CAUSES; i++) {
			if (i > 0) {
				text.append("\nCaused by: ");
			}
			text.append(describe(current));
			StackTraceElement[] trace = current.getStackTrace();
			int unique = trace.length - common(trace, enclosing);
			int shown = Math.min(unique, framesLeft);
			for (int f = 0; f < shown; f++) {
				text.append("\n\tat ").append(trace[f]);
			}
			framesLeft -= shown;
			if (trace.length > shown) {
				text.append("\n\t... ").append(trace.length - shown).append(" more");
			}
			enclosing = trace;
			current = current.getCause();
		}
		if (text.length() > MAX_LENGTH) {
			String cut = "\n\t... (cut at " + MAX_LENGTH + " characters)";
			text.setLength(MAX_LENGTH - cut.length());
			text.append(cut);
		}
		return text.toString();
	}

	// frames at the bottom of the trace that the enclosing trace has too
	private static int common(StackTraceElement[] trace, StackTraceElement[] enclosing) {
		int m = trace.length - 1;
		int n = enclosing.length - 1;
		int common = 0;
		while (m >= 0 && n >= 0 && trace[m].equals(enclosing[n])) {
			common++;
			m--;
			n--;
		}
		return common;
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		return (message != null) ? failure.getClass().getName() + ": " + message : failure.getClass().getName();
	}

}
