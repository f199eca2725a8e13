package dev.taskflow.sample;

import java.time.Instant;

import dev.taskflow.MisfirePolicy;
import dev.taskflow.OverlapPolicy;
import dev.taskflow.ScheduleView;

/**
 * A schedule as the REST API shows it.
 *
 * @param name the schedule name
 * @param expression the cron expression, or the interval as an ISO-8601 duration
 * @param interval whether it fires at a fixed interval rather than by cron
 * @param zone the zone the cron expression is read in
 * @param handler the handler each occurrence runs
 * @param queue the queue of each occurrence
 * @param misfire what it does with fire times missed while no node ran
 * @param overlap what it does when a fire time comes while an occurrence still runs
 * @param nextFireTime the next fire time
 * @param lastFireTime the latest fire time enqueued
 * @param paused whether it is paused
 * @param declared whether it is declared in code or properties
 * @param skippedCount how many fire times did not run
 * @param lastSkipReason why the latest skipped fire time did not run
 * @author TaskFlow
 */
public record ScheduleResponse(String name, String expression, boolean interval, String zone, String handler,
		String queue, MisfirePolicy misfire, OverlapPolicy overlap, Instant nextFireTime, Instant lastFireTime,
		boolean paused, boolean declared, long skippedCount, String lastSkipReason) {

	static ScheduleResponse of(ScheduleView schedule) {
		return new ScheduleResponse(schedule.name(), schedule.expression(), schedule.isInterval(),
				schedule.zone().getId(), schedule.handler(), schedule.queue(), schedule.misfire(), schedule.overlap(),
				schedule.nextFireTime(), schedule.lastFireTime(), schedule.paused(), schedule.declared(),
				schedule.skippedCount(), schedule.lastSkipReason());
	}

}
