package dev.taskflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that stands still until a test sets or advances it, so schedules can be
 * driven through hours, days and daylight-saving transitions without waiting for them.
 * Safe to share between the nodes of a test and the test thread.
 *
 * @author TaskFlow
 */
final class MutableClock extends Clock {

	private volatile Instant instant;

	MutableClock(Instant instant) {
		this.instant = instant;
	}

	void set(Instant instant) {
		this.instant = instant;
	}

	void advance(Duration duration) {
		this.instant = this.instant.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.instant;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		// the zone does not change the instant, which is all schedules read
		return this;
	}

	@Override
	public String toString() {
		return "MutableClock[" + this.instant + "]";
	}

}
