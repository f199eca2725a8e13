package dev.taskflow;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A schedule as stored, returned by {@link Schedules#find(String)} and
 * {@link Schedules#list()}.
 *
 * @author TaskFlow
 */
public interface ScheduleView {

	/**
	 * The schedule's name.
	 * @return the name
	 */
	String name();

	/**
	 * The cron expression, or the interval of a fixed-rate schedule as an ISO-8601
	 * duration (such as {@code PT15M}).
	 * @return the expression
	 */
	String expression();

	/**
	 * Whether the schedule fires at a fixed interval rather than by cron.
	 * @return {@code true} for an interval schedule
	 */
	boolean isInterval();

	/**
	 * The zone the cron expression is read in (UTC for intervals).
	 * @return the zone
	 */
	ZoneId zone();

	/**
	 * The handler each occurrence runs.
	 * @return the handler name
	 */
	String handler();

	/**
	 * The queue each occurrence is enqueued on.
	 * @return the queue name
	 */
	String queue();

	/**
	 * The priority of each occurrence.
	 * @return the priority
	 */
	int priority();

	/**
	 * The misfire policy.
	 * @return the policy
	 */
	MisfirePolicy misfire();

	/**
	 * The overlap policy.
	 * @return the policy
	 */
	OverlapPolicy overlap();

	/**
	 * The next fire time.
	 * @return the next fire time, or {@code null} if the expression never fires again
	 */
	Instant nextFireTime();

	/**
	 * The latest fire time that was enqueued, if any.
	 * @return the last fire time or {@code null}
	 */
	Instant lastFireTime();

	/**
	 * Whether the schedule is paused: it does not fire until resumed.
	 * @return {@code true} if paused
	 */
	boolean paused();

	/**
	 * Whether the schedule was declared in code or properties (and is reset to that
	 * declaration at every start) rather than registered at run time.
	 * @return {@code true} if declared
	 */
	boolean declared();

	/**
	 * The number of fire times that did not run: skipped because an occurrence was still
	 * running, or missed and not caught up per the misfire policy.
	 * @return the count of skipped fire times
	 */
	long skippedCount();

	/**
	 * The latest fire time that did not run, if any.
	 * @return the fire time or {@code null}
	 */
	Instant lastSkippedFireTime();

	/**
	 * Why the latest skipped fire time did not run.
	 * @return the reason or {@code null}
	 */
	String lastSkipReason();

}
