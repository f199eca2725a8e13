package dev.taskflow;

import org.springframework.util.Assert;

/**
 * The checks a {@link JobRequest} or {@link Schedule} makes of its values, so that a
 * value the database cannot hold, or the claim cannot reach, fails where it is set, with
 * a message naming the value, the limit and the fix.
 *
 * @author TaskFlow
 */
final class RequestChecks {

	// enough of a value to recognise it, not a page of it
	private static final int SHOWN_CHARACTERS = 40;

	private RequestChecks() {
	}

	/**
	 * Check a name or key: not blank, at most {@code maxLength} characters (its column's
	 * size), no control characters (names reach log lines, MDC values and metric tags,
	 * where a line break would forge a line).
	 * @param parameter the parameter, as messages name it
	 * @param value the value
	 * @param maxLength the longest value
	 * @param shorter what to do about a value that is too long
	 * @return the value
	 */
	static String name(String parameter, String value, int maxLength, String shorter) {
		Assert.hasText(value, () -> "'" + parameter + "' must not be empty");
		if (value.length() > maxLength) {
			throw new IllegalArgumentException("'" + parameter + "' must be at most " + maxLength + " characters, was "
					+ value.length() + " (" + quoted(value) + "); " + shorter);
		}
		if (value.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException(
					"'" + parameter + "' must not contain control characters such as line breaks, was " + quoted(value)
							+ "; remove them");
		}
		return value;
	}

	static int priority(int priority) {
		if (priority < JobRequest.MIN_PRIORITY || priority > JobRequest.MAX_PRIORITY) {
			throw new IllegalArgumentException("'priority' must be between " + JobRequest.MIN_PRIORITY + " and "
					+ JobRequest.MAX_PRIORITY + " (JobRequest.MIN_PRIORITY and MAX_PRIORITY), was " + priority
					+ "; higher runs first, so map your levels onto that range");
		}
		return priority;
	}

	/**
	 * A value for a message: quoted, cut after a few dozen characters, with control
	 * characters escaped so that the message stays one line.
	 * @param value the value
	 * @return the quoted value
	 */
	static String quoted(String value) {
		StringBuilder quoted = new StringBuilder("\"");
		int shown = Math.min(value.length(), SHOWN_CHARACTERS);
		for (int i = 0; i < shown; i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\r' -> quoted.append("\\r");
				case '\n' -> quoted.append("\\n");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (Character.isISOControl(c)) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		if (shown < value.length()) {
			quoted.append("...");
		}
		return quoted.append('"').toString();
	}

}
