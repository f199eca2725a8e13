package dev.taskflow;

/**
 * What a schedule does with the fire times it missed while no node could fire it (all
 * nodes down, or the database unreachable) for longer than
 * {@code spring.taskflow.schedule.misfire-threshold}.
 *
 * @author TaskFlow
 */
public enum MisfirePolicy {

	/**
	 * Run one occurrence, for the latest missed fire time, then carry on as scheduled. A
	 * fire time that is still on time counts as that occurrence.
	 */
	FIRE_ONCE,

	/**
	 * Run every missed fire time, at most {@code spring.taskflow.schedule.max-catch-up}
	 * of them (the latest ones).
	 */
	FIRE_ALL,

	/**
	 * Run none of the missed fire times: resume at the next one.
	 */
	SKIP

}
