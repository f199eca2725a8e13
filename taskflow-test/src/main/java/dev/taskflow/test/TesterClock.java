package dev.taskflow.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The tester's clock on this JVM: an instant that stands still until moved, or this JVM's
 * clock plus what the test added. The store reads the same time from its clock table
 * ({@link dev.taskflow.store.TestClockTable}), which the tester keeps in step.
 *
 * @author TaskFlow
 */
final class TesterClock extends Clock {

	private final ZoneId zone;

	private volatile Instant frozenAt;

	private volatile Duration offset = Duration.ZERO;

	/**
	 * A clock from now.
	 * @param frozen whether it stands still until moved
	 * @param zone its zone, which stands in for the JVM's default zone for schedules
	 */
	TesterClock(boolean frozen, ZoneId zone) {
		this.zone = zone;
		// the store keeps microseconds
		this.frozenAt = frozen ? Instant.now().truncatedTo(ChronoUnit.MICROS) : null;
	}

	/**
	 * The instant the clock stands still at.
	 * @return the instant, or {@code null} when it runs
	 */
	Instant frozenAt() {
		return this.frozenAt;
	}

	/**
	 * How far a running clock is ahead of this JVM's.
	 * @return the offset
	 */
	Duration offset() {
		return this.offset;
	}

	synchronized void advance(Duration duration) {
		if (this.frozenAt != null) {
			this.frozenAt = this.frozenAt.plus(duration).truncatedTo(ChronoUnit.MICROS);
		}
		else {
			this.offset = this.offset.plus(duration);
		}
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		// the same time, moved with this clock
		TesterClock origin = this;
		return new Clock() {

			@Override
			public ZoneId getZone() {
				return zone;
			}

			@Override
			public Clock withZone(ZoneId other) {
				return origin.withZone(other);
			}

			@Override
			public Instant instant() {
				return origin.instant();
			}

		};
	}

	@Override
	public Instant instant() {
		Instant at = this.frozenAt;
		return (at != null) ? at : Instant.now().plus(this.offset);
	}

	@Override
	public String toString() {
		Instant at = this.frozenAt;
		return "TesterClock[" + ((at != null) ? "frozen at " + at : "running, offset " + this.offset) + ", " + this.zone
				+ "]";
	}

}
