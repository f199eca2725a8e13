package dev.taskflow;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where a page of jobs ends: the creation time and id of its last job. Its text is
 * readable (an ISO-8601 instant and a UUID) but callers treat it as opaque.
 *
 * @param createdAt the creation time of the last job of a page
 * @param id the id of that job
 * @author TaskFlow
 */
record JobCursor(Instant createdAt, JobId id) {

	private static final String EXAMPLE = "2026-01-31T10:15:30.123456Z_0194c1b2-7d3e-7a4f-9b2c-1d2e3f4a5b6c";

	static JobCursor parse(String text) {
		int separator = text.lastIndexOf('_');
		try {
			if (separator > 0) {
				return new JobCursor(Instant.parse(text.substring(0, separator).trim()),
						JobId.parse(text.substring(separator + 1)));
			}
		}
		catch (DateTimeParseException | IllegalArgumentException ex) {
			throw malformed(text, ex);
		}
		throw malformed(text, null);
	}

	private static IllegalArgumentException malformed(String text, Exception cause) {
		return new IllegalArgumentException("The cursor '" + text + "' is malformed: pass the nextCursor of an"
				+ " earlier page as it came (such as " + EXAMPLE + "), or no cursor for the first page", cause);
	}

	@Override
	public String toString() {
		return this.createdAt + "_" + this.id;
	}

}
