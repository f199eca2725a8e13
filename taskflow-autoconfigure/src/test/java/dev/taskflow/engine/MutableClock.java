package dev.taskflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test sets or advances it, so schedules can be
 * driven through hours, days and daylight-saving transitions without waiting for them.
 * Safe to share between the nodes of a test and the test thread. Given to a node as its
 * {@link dev.taskflow.TaskFlowClock}, its zone stands in for the node's JVM zone; the
 * copies {@link #withZone(ZoneId)} makes share its time, so nodes in different zones move
 * together.
 *
 * @author TaskFlow
 */
final class MutableClock extends Clock {

	private final AtomicReference<Instant> instant;

	private final ZoneId zone;

	MutableClock(Instant instant) {
		this(new AtomicReference<>(instant), ZoneOffset.UTC);
	}

	private MutableClock(AtomicReference<Instant> instant, ZoneId zone) {
		this.instant = instant;
		this.zone = zone;
	}

	void set(Instant instant) {
		this.instant.set(instant);
	}

	void advance(Duration duration) {
		this.instant.updateAndGet((current) -> current.plus(duration));
	}

	@Override
	public Instant instant() {
		return this.instant.get();
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public MutableClock withZone(ZoneId zone) {
		return new MutableClock(this.instant, zone);
	}

	@Override
	public String toString() {
		return "MutableClock[" + this.instant.get() + ", " + this.zone + "]";
	}

}
