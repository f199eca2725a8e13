package dev.taskflow;

/**
 * What a schedule does when a fire time comes while its previous occurrence has not
 * finished.
 *
 * @author TaskFlow
 */
public enum OverlapPolicy {

	/**
	 * Enqueue the new occurrence anyway.
	 */
	ALLOW,

	/**
	 * Skip the fire time while an earlier occurrence is still pending or running; the
	 * skip is recorded on the schedule ({@link ScheduleView#lastSkipReason()}).
	 */
	SKIP_IF_RUNNING

}
