package dev.taskflow.schedule;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import dev.taskflow.store.Occurrence;
import dev.taskflow.store.ScheduleRecord;

/**
 * Makes the job of one fire time of a schedule, whichever path asks (a tick, a trigger, a
 * backfill): an ordinary job of the schedule's handler, with that handler's attempts.
 *
 * @author TaskFlow
 */
final class OccurrenceFactory {

	private final ToIntFunction<String> maxAttempts;

	private final Supplier<UUID> ids;

	/**
	 * Create a factory.
	 * @param maxAttempts the number of attempts a job of a handler may make
	 * @param ids new job ids
	 */
	public OccurrenceFactory(ToIntFunction<String> maxAttempts, Supplier<UUID> ids) {
		this.maxAttempts = maxAttempts;
		this.ids = ids;
	}

	Occurrence occurrence(ScheduleRecord schedule, Instant fireTime) {
		return new Occurrence(this.ids.get(), schedule.name(), fireTime, schedule.handler(), schedule.queue(),
				schedule.priority(), this.maxAttempts.applyAsInt(schedule.handler()), schedule.payload());
	}

}
