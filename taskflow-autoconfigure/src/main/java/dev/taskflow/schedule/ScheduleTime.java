package dev.taskflow.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The time schedules fire by. By default the database's clock, read along with the
 * schedule table and carried forward by the node's monotonic clock in between, so a node
 * whose wall clock is off fires nothing early or late. An application that defines a
 * {@link dev.taskflow.TaskFlowClock} bean (a test clock, typically) makes schedules
 * follow its clock instead; a plain {@link Clock} bean does not.
 *
 * @author TaskFlow
 */
public abstract sealed class ScheduleTime {

	/**
	 * The current time.
	 * @return now
	 */
	public abstract Instant now();

	/**
	 * Note the database's clock as just read.
	 * @param databaseNow the database's time
	 */
	public void synchronize(Instant databaseNow) {
	}

	/**
	 * Whether the time may jump in ways the node cannot foresee (a test clock moved by
	 * hand), so due schedules must be looked for at every poll rather than slept until.
	 * @return {@code true} for the clock of a {@link dev.taskflow.TaskFlowClock}
	 */
	public boolean followsApplicationClock() {
		return false;
	}

	/**
	 * The clock of a {@link dev.taskflow.TaskFlowClock}.
	 * @param clock the clock
	 * @return the time
	 */
	public static ScheduleTime of(Clock clock) {
		return new ApplicationClockTime(clock);
	}

	/**
	 * The database's clock.
	 * @param readDatabaseNow reads the database's clock, used until the first
	 * synchronization
	 * @return the time
	 */
	public static ScheduleTime ofDatabase(Supplier<Instant> readDatabaseNow) {
		return new DatabaseTime(readDatabaseNow);
	}

	static final class ApplicationClockTime extends ScheduleTime {

		private final Clock clock;

		ApplicationClockTime(Clock clock) {
			this.clock = clock;
		}

		@Override
		public Instant now() {
			return this.clock.instant();
		}

		@Override
		public boolean followsApplicationClock() {
			return true;
		}

	}

	static final class DatabaseTime extends ScheduleTime {

		private final Supplier<Instant> readDatabaseNow;

		private volatile Instant syncedAt;

		private volatile long syncedNanos;

		DatabaseTime(Supplier<Instant> readDatabaseNow) {
			this.readDatabaseNow = readDatabaseNow;
		}

		@Override
		public Instant now() {
			Instant synced = this.syncedAt;
			if (synced == null) {
				synchronize(this.readDatabaseNow.get());
				return this.syncedAt;
			}
			return synced.plusNanos(System.nanoTime() - this.syncedNanos);
		}

		@Override
		public void synchronize(Instant databaseNow) {
			this.syncedNanos = System.nanoTime();
			this.syncedAt = databaseNow;
		}

	}

}
