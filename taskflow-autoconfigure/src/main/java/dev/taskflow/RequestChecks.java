package dev.taskflow;

/**
 * The checks a {@link JobRequest} or {@link Schedule} makes of its values, so that a
 * value the database cannot hold, or the claim cannot reach, fails where it is set, with
 * a message naming the value, the limit and the fix.
 *
 * @author TaskFlow
 */
final class RequestChecks {

	private RequestChecks() {
	}

	static int priority(int priority) {
		if (priority < JobRequest.MIN_PRIORITY || priority > JobRequest.MAX_PRIORITY) {
			throw new IllegalArgumentException("'priority' must be between " + JobRequest.MIN_PRIORITY + " and "
					+ JobRequest.MAX_PRIORITY + " (JobRequest.MIN_PRIORITY and MAX_PRIORITY), was " + priority
					+ "; higher runs first, so map your levels onto that range");
		}
		return priority;
	}

}
