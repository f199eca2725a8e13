package dev.taskflow;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

import org.springframework.scheduling.support.CronExpression;

/**
 * A recurring job to register at run time with {@link Schedules#register(Schedule)}: a
 * cron expression or a fixed interval, the handler it runs and how. Immutable; each
 * method returns a changed copy.
 *
 * <pre class="code">
 * taskFlow.schedules().register(Schedule.cron("invoices", "0 *&#47;15 * * * *")
 *         .zone(ZoneId.of("UTC")).handler("invoice.sweep").payload(new Sweep("eu"))
 *         .misfire(MisfirePolicy.FIRE_ONCE));
 * </pre>
 *
 * @author TaskFlow
 */
public final class Schedule {

	/**
	 * The longest schedule name.
	 */
	public static final int MAX_NAME_LENGTH = 200;

	private final String name;

	private final String cron;

	private final Duration every;

	private final ZoneId zone;

	private final String handler;

	private final Object payload;

	private final String queue;

	private final int priority;

	private final MisfirePolicy misfire;

	private final OverlapPolicy overlap;

	private Schedule(String name, String cron, Duration every, ZoneId zone, String handler, Object payload,
			String queue, int priority, MisfirePolicy misfire, OverlapPolicy overlap) {
		this.name = name;
		this.cron = cron;
		this.every = every;
		this.zone = zone;
		this.handler = handler;
		this.payload = payload;
		this.queue = queue;
		this.priority = priority;
		this.misfire = misfire;
		this.overlap = overlap;
	}

	/**
	 * A schedule that fires at the times of a cron expression.
	 * @param name the schedule's name, unique in the database
	 * @param cron six fields ({@code second minute hour day-of-month month day-of-week})
	 * or a macro such as {@code @daily}, as Spring's {@link CronExpression} reads them
	 * @return the schedule, running the handler named like it unless
	 * {@link #handler(String)} says otherwise
	 * @throws InvalidScheduleException if the expression is not valid
	 */
	public static Schedule cron(String name, String cron) {
		requireName(name);
		if (cron == null || cron.isBlank()) {
			throw new InvalidScheduleException(name, "the cron expression is empty");
		}
		try {
			CronExpression.parse(cron.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidScheduleException(name, "cron expression '" + cron + "' is not valid: " + ex.getMessage()
					+ " (six fields: second minute hour day-of-month month day-of-week, or @hourly, @daily, ...)", ex);
		}
		return new Schedule(name, cron.trim(), null, null, null, null, JobRequest.DEFAULT_QUEUE, 0,
				MisfirePolicy.FIRE_ONCE, OverlapPolicy.ALLOW);
	}

	/**
	 * A schedule that fires at a fixed rate: at the multiples of the interval since the
	 * epoch ({@code PT15M} fires at :00, :15, :30 and :45 of every hour, UTC).
	 * @param name the schedule's name, unique in the database
	 * @param every the interval, at least one millisecond
	 * @return the schedule, running the handler named like it unless
	 * {@link #handler(String)} says otherwise
	 * @throws InvalidScheduleException if the interval is not positive
	 */
	public static Schedule every(String name, Duration every) {
		requireName(name);
		if (every == null || every.toMillis() < 1) {
			throw new InvalidScheduleException(name,
					"the interval must be at least 1ms (for example 30s, 5m or PT1H), was " + every);
		}
		return new Schedule(name, null, every, null, null, null, JobRequest.DEFAULT_QUEUE, 0, MisfirePolicy.FIRE_ONCE,
				OverlapPolicy.ALLOW);
	}

	/**
	 * Read the cron expression in the given time zone (default: the JVM's zone).
	 * Intervals do not depend on a zone.
	 * @param zone the zone
	 * @return the changed schedule
	 */
	public Schedule zone(ZoneId zone) {
		return new Schedule(this.name, this.cron, this.every, Objects.requireNonNull(zone, "'zone' must not be null"),
				this.handler, this.payload, this.queue, this.priority, this.misfire, this.overlap);
	}

	/**
	 * Run the given handler at each fire time (default: the handler named like the
	 * schedule).
	 * @param handler the {@link TaskHandler} name, at most
	 * {@value JobRequest#MAX_HANDLER_LENGTH} characters, without control characters
	 * @return the changed schedule
	 * @throws IllegalArgumentException if the name is empty, too long or holds control
	 * characters
	 */
	public Schedule handler(String handler) {
		RequestChecks.name("handler", handler, JobRequest.MAX_HANDLER_LENGTH, "use a shorter @TaskHandler name");
		return new Schedule(this.name, this.cron, this.every, this.zone, handler, this.payload, this.queue,
				this.priority, this.misfire, this.overlap);
	}

	/**
	 * Pass the given payload to every occurrence.
	 * @param payload any value Jackson can write (may be {@code null})
	 * @return the changed schedule
	 */
	public Schedule payload(Object payload) {
		return new Schedule(this.name, this.cron, this.every, this.zone, this.handler, payload, this.queue,
				this.priority, this.misfire, this.overlap);
	}

	/**
	 * Enqueue the occurrences on the given queue.
	 * @param queue the queue name, at most {@value JobRequest#MAX_QUEUE_LENGTH}
	 * characters, without control characters
	 * @return the changed schedule
	 * @throws IllegalArgumentException if the name is empty, too long or holds control
	 * characters
	 */
	public Schedule queue(String queue) {
		RequestChecks.name("queue", queue, JobRequest.MAX_QUEUE_LENGTH, "use a shorter queue name");
		return new Schedule(this.name, this.cron, this.every, this.zone, this.handler, this.payload, queue,
				this.priority, this.misfire, this.overlap);
	}

	/**
	 * Give the occurrences the given priority; higher runs first.
	 * @param priority the priority (default 0), from {@value JobRequest#MIN_PRIORITY} to
	 * {@value JobRequest#MAX_PRIORITY}
	 * @return the changed schedule
	 * @throws IllegalArgumentException if the priority is outside that range
	 */
	public Schedule priority(int priority) {
		RequestChecks.priority(priority);
		return new Schedule(this.name, this.cron, this.every, this.zone, this.handler, this.payload, this.queue,
				priority, this.misfire, this.overlap);
	}

	/**
	 * What to do with fire times missed while no node could fire them.
	 * @param misfire the policy (default {@link MisfirePolicy#FIRE_ONCE})
	 * @return the changed schedule
	 */
	public Schedule misfire(MisfirePolicy misfire) {
		return new Schedule(this.name, this.cron, this.every, this.zone, this.handler, this.payload, this.queue,
				this.priority, Objects.requireNonNull(misfire, "'misfire' must not be null"), this.overlap);
	}

	/**
	 * What to do when a fire time comes while the previous occurrence has not finished.
	 * @param overlap the policy (default {@link OverlapPolicy#ALLOW})
	 * @return the changed schedule
	 */
	public Schedule overlap(OverlapPolicy overlap) {
		return new Schedule(this.name, this.cron, this.every, this.zone, this.handler, this.payload, this.queue,
				this.priority, this.misfire, Objects.requireNonNull(overlap, "'overlap' must not be null"));
	}

	/**
	 * The schedule's name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The cron expression, or {@code null} for an interval schedule.
	 * @return the cron expression
	 */
	public String getCron() {
		return this.cron;
	}

	/**
	 * The interval, or {@code null} for a cron schedule.
	 * @return the interval
	 */
	public Duration getEvery() {
		return this.every;
	}

	/**
	 * The zone the cron expression is read in, or {@code null} for the JVM's default.
	 * @return the zone
	 */
	public ZoneId getZone() {
		return this.zone;
	}

	/**
	 * The handler each occurrence runs.
	 * @return the handler name
	 */
	public String getHandler() {
		return (this.handler != null) ? this.handler : this.name;
	}

	/**
	 * The payload of each occurrence.
	 * @return the payload, or {@code null}
	 */
	public Object getPayload() {
		return this.payload;
	}

	/**
	 * The queue of each occurrence.
	 * @return the queue name
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * The priority of each occurrence.
	 * @return the priority
	 */
	public int getPriority() {
		return this.priority;
	}

	/**
	 * The misfire policy.
	 * @return the policy
	 */
	public MisfirePolicy getMisfire() {
		return this.misfire;
	}

	/**
	 * The overlap policy.
	 * @return the policy
	 */
	public OverlapPolicy getOverlap() {
		return this.overlap;
	}

	@Override
	public String toString() {
		return "Schedule '" + this.name + "' (" + ((this.cron != null) ? "cron " + this.cron : "every " + this.every)
				+ ", handler " + getHandler() + ")";
	}

	// the name is also the handler's unless one is given: the same rules
	private static void requireName(String name) {
		RequestChecks.name("name", name, MAX_NAME_LENGTH, "use a shorter schedule name");
	}

}
