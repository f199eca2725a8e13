package dev.taskflow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Recurring jobs, stored in the database and fired exactly once per fire time across all
 * nodes. Obtain it from {@link TaskFlow#schedules()}.
 * <p>
 * Schedules declared with {@link TaskHandler#cron()} or
 * {@code spring.taskflow.schedules.<name>.*} are written to the database at start-up;
 * schedules registered here persist across restarts until removed.
 *
 * @author TaskFlow
 */
public interface Schedules {

	/**
	 * Create or replace a schedule. Replacing keeps its pause state, and keeps its next
	 * fire time unless the expression, interval or zone changed.
	 * @param schedule the schedule
	 * @return the schedule as stored
	 * @throws InvalidScheduleException if the schedule is not valid, or its name is
	 * declared in code or properties (change it there)
	 * @throws UnknownHandlerException if handler validation is on and no handler has the
	 * schedule's handler name
	 */
	ScheduleView register(Schedule schedule);

	/**
	 * Stop a schedule from firing until {@link #resume(String) resumed}, on all nodes.
	 * @param name the schedule's name
	 * @return {@code true} if there is such a schedule
	 */
	boolean pause(String name);

	/**
	 * Let a paused schedule fire again from its next future fire time (the fire times
	 * passed while paused do not run).
	 * @param name the schedule's name
	 * @return {@code true} if there is such a schedule
	 */
	boolean resume(String name);

	/**
	 * Enqueue one occurrence now, outside the schedule's times, even if it is paused.
	 * @param name the schedule's name
	 * @return the id of the new job
	 * @throws IllegalArgumentException if there is no such schedule
	 */
	JobId trigger(String name);

	/**
	 * Delete a schedule. Its jobs already enqueued are left alone.
	 * @param name the schedule's name
	 * @return {@code true} if there was such a schedule
	 */
	boolean remove(String name);

	/**
	 * Read a schedule as stored now.
	 * @param name the schedule's name
	 * @return the schedule, or empty if there is none with this name
	 */
	Optional<ScheduleView> find(String name);

	/**
	 * All schedules, by name.
	 * @return the schedules
	 */
	List<ScheduleView> list();

	/**
	 * Enqueue the occurrences of a past window again, for re-running a period after an
	 * outage or a bug fix. Each fire time stays unique: a fire time that already has a
	 * job gets no second one.
	 * @param name the schedule's name
	 * @param from the first instant of the window (included)
	 * @param to the last instant of the window (included; capped at now)
	 * @return the ids of the jobs created, in fire-time order
	 * @throws IllegalArgumentException if there is no such schedule, {@code from} is
	 * after {@code to}, or the window holds more than 10,000 fire times
	 */
	List<JobId> backfill(String name, Instant from, Instant to);

}
