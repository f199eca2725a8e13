package dev.taskflow.store;

/**
 * The progress a running job reported last, to store with the renewal of its lease.
 *
 * @param done the units done
 * @param total the units in all, 0 when not known
 * @param message the last message, or {@code null}
 * @author TaskFlow
 */
public record ProgressUpdate(long done, long total, String message) {

	/**
	 * The longest message stored; a longer one is cut.
	 */
	public static final int MAX_MESSAGE_LENGTH = 500;

}
