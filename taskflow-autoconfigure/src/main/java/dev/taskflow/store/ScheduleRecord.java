package dev.taskflow.store;

import java.time.Instant;

/**
 * A row of {@code taskflow_schedule}.
 *
 * @param name the schedule's name
 * @param kind {@code CRON} or {@code EVERY}
 * @param expression the cron expression, or the interval as an ISO-8601 duration
 * @param zone the zone id the expression is read in
 * @param handler the handler each occurrence runs
 * @param payload the payload of each occurrence, JSON text or {@code null}
 * @param queue the queue of each occurrence
 * @param priority the priority of each occurrence
 * @param misfire the misfire policy's name
 * @param overlap the overlap policy's name
 * @param paused whether the schedule is paused
 * @param declared whether it was declared in code or properties
 * @param definitionHash a hash of the declaration, to tell a change
 * @param nextFireAt the next fire time, or {@code null} if it never fires again
 * @param lastFireAt the latest fire time enqueued
 * @param skippedCount the number of fire times that did not run
 * @param lastSkippedAt the latest fire time that did not run
 * @param lastSkipReason why it did not run
 * @author TaskFlow
 */
public record ScheduleRecord(String name, String kind, String expression, String zone, String handler, String payload,
		String queue, int priority, String misfire, String overlap, boolean paused, boolean declared,
		String definitionHash, Instant nextFireAt, Instant lastFireAt, long skippedCount, Instant lastSkippedAt,
		String lastSkipReason) {

	/**
	 * This record with another definition, keeping the schedule's state.
	 * @param definition the new definition (its state fields are ignored)
	 * @param nextFireAt the next fire time to keep
	 * @return the changed record
	 */
	public ScheduleRecord withDefinition(ScheduleRecord definition, Instant nextFireAt) {
		return new ScheduleRecord(this.name, definition.kind, definition.expression, definition.zone,
				definition.handler, definition.payload, definition.queue, definition.priority, definition.misfire,
				definition.overlap, this.paused, definition.declared, definition.definitionHash, nextFireAt,
				this.lastFireAt, this.skippedCount, this.lastSkippedAt, this.lastSkipReason);
	}

	/**
	 * This record with another state, keeping the schedule's definition.
	 * @param paused whether it is paused
	 * @param nextFireAt its next fire time
	 * @param lastFireAt its latest fire time enqueued
	 * @param skippedCount the number of fire times that did not run
	 * @param lastSkippedAt the latest fire time that did not run
	 * @param lastSkipReason why it did not run
	 * @return the changed record
	 */
	public ScheduleRecord withState(boolean paused, Instant nextFireAt, Instant lastFireAt, long skippedCount,
			Instant lastSkippedAt, String lastSkipReason) {
		return new ScheduleRecord(this.name, this.kind, this.expression, this.zone, this.handler, this.payload,
				this.queue, this.priority, this.misfire, this.overlap, paused, this.declared, this.definitionHash,
				nextFireAt, lastFireAt, skippedCount, lastSkippedAt, lastSkipReason);
	}

}
