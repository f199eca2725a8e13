package dev.taskflow;

/**
 * What a schedule does with the fire times it missed while no node could fire it (all
 * nodes down, or the database unreachable). A schedule has missed fire times when a node
 * gets to it more than {@code spring.taskflow.schedule.misfire-threshold} (default 10s)
 * after its oldest due fire time; within the threshold every due fire time runs.
 *
 * @author TaskFlow
 */
public enum MisfirePolicy {

	/**
	 * Run one occurrence, for the latest due fire time, then carry on as scheduled.
	 */
	FIRE_ONCE,

	/**
	 * Run every due fire time, at most {@code spring.taskflow.schedule.max-catch-up} of
	 * them (the latest ones), then carry on as scheduled.
	 */
	FIRE_ALL,

	/**
	 * Run none of the due fire times: resume at the next one after now.
	 */
	SKIP

}
