package dev.taskflow;

/**
 * A schedule that cannot be used as declared or registered: a bad cron expression, time
 * zone, interval, payload or policy. The message names the schedule and the problem.
 *
 * @author TaskFlow
 */
public class InvalidScheduleException extends IllegalArgumentException {

	private final String scheduleName;

	/**
	 * Create the exception.
	 * @param scheduleName the schedule's name
	 * @param problem what is wrong and how to fix it
	 */
	public InvalidScheduleException(String scheduleName, String problem) {
		this(scheduleName, problem, null);
	}

	/**
	 * Create the exception.
	 * @param scheduleName the schedule's name
	 * @param problem what is wrong and how to fix it
	 * @param cause the underlying error
	 */
	public InvalidScheduleException(String scheduleName, String problem, Throwable cause) {
		super("Schedule '" + scheduleName + "' is invalid: " + problem, cause);
		this.scheduleName = scheduleName;
	}

	/**
	 * The name of the invalid schedule.
	 * @return the schedule name
	 */
	public String getScheduleName() {
		return this.scheduleName;
	}

}
