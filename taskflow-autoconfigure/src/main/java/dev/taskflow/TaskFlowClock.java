package dev.taskflow;

import java.time.Clock;

import org.springframework.util.Assert;

/**
 * The clock TaskFlow's schedules follow instead of the database's, when the application
 * defines a bean of this type. Made for tests: with a clock a test moves by hand, it
 * drives schedules through misfires, daylight saving, overlap or pause without waiting.
 * The {@link Statistics} count by the minutes of this clock too, instead of the JVM's, so
 * a test closes a minute by moving the clock past it; and the wait of each attempt (from
 * its due time to its start, as listeners and metrics see it) is measured on it.
 *
 * <pre class="code">
 * &#64;Bean
 * TaskFlowClock taskFlowClock() {
 *     return TaskFlowClock.of(testClock);
 * }
 * </pre>
 * <p>
 * A plain {@link Clock} bean, which many applications define for their own code, has no
 * effect on TaskFlow: without a {@code TaskFlowClock}, schedules fire by the database's
 * clock, as leases, claims, rescues and delays always do, and statistics count by the
 * JVM's.
 * <p>
 * The clock's {@link Clock#getZone() zone} stands in for the JVM's default zone: it is
 * the zone of cron schedules that name none, unless {@code spring.taskflow.schedule.zone}
 * is set.
 *
 * @author TaskFlow
 */
public final class TaskFlowClock {

	private final Clock clock;

	private TaskFlowClock(Clock clock) {
		this.clock = clock;
	}

	/**
	 * A TaskFlow clock that reads the given clock.
	 * @param clock the clock schedules follow, and whose zone stands in for the JVM's
	 * @return the TaskFlow clock
	 */
	public static TaskFlowClock of(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		return new TaskFlowClock(clock);
	}

	/**
	 * The clock schedules follow.
	 * @return the clock
	 */
	public Clock getClock() {
		return this.clock;
	}

	@Override
	public String toString() {
		return "TaskFlowClock[" + this.clock + "]";
	}

}
