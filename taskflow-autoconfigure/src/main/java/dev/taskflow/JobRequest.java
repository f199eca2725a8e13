package dev.taskflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.springframework.util.Assert;

/**
 * A job to enqueue: a handler name, an optional payload and how to run it. Immutable;
 * each method returns a changed copy.
 *
 * <pre class="code">
 * taskFlow.enqueue(JobRequest.of("email.send", email)
 *         .queue("mail").priority(5).delay(Duration.ofMinutes(1))
 *         .uniqueKey("welcome-42").maxAttempts(3));
 * taskFlow.enqueue(JobRequest.of(Mailer::send, email).queue("mail"));  // type-checked
 * </pre>
 *
 * @author TaskFlow
 */
public final class JobRequest {

	/**
	 * The queue a job goes to unless told otherwise.
	 */
	public static final String DEFAULT_QUEUE = "default";

	/**
	 * The longest {@link #correlationId(String) correlation id} a job may carry.
	 */
	public static final int MAX_CORRELATION_ID_LENGTH = 100;

	/**
	 * The longest handler name, the size of the job table's column.
	 */
	public static final int MAX_HANDLER_LENGTH = 200;

	/**
	 * The longest {@link #queue(String) queue} name, the size of the job table's column.
	 */
	public static final int MAX_QUEUE_LENGTH = 100;

	/**
	 * The longest {@link #uniqueKey(String) unique key} or {@link #concurrencyKey(String)
	 * concurrency key}, the size of their columns.
	 */
	public static final int MAX_KEY_LENGTH = 255;

	/**
	 * The longest {@link #delay(Duration) delay}: 36,500 days, about 100 years (the
	 * database adds it to its clock in microseconds, which some count in nanoseconds,
	 * overflowing after 292 years).
	 */
	public static final Duration MAX_DELAY = Duration.ofDays(36_500);

	/**
	 * The earliest {@link #runAt(Instant) due time}: the epoch. A due time in the past
	 * makes the job due at once.
	 */
	public static final Instant EARLIEST_RUN_AT = Instant.EPOCH;

	/**
	 * The latest {@link #runAt(Instant) due time}: the last second every supported
	 * database can store (MariaDB's {@code DATETIME} ends with the year 9999).
	 */
	public static final Instant LATEST_RUN_AT = Instant.parse("9999-12-31T23:59:59Z");

	/**
	 * The lowest {@link #priority(int) priority} a job may have.
	 */
	public static final int MIN_PRIORITY = -1_000_000;

	/**
	 * The highest {@link #priority(int) priority} a job may have.
	 */
	public static final int MAX_PRIORITY = 1_000_000;

	private static final String SHORTER_KEY = "use a shorter key, such as a hash of this one";

	private final String handler;

	private final Object payload;

	private final String queue;

	private final int priority;

	private final Instant runAt;

	private final Duration delay;

	private final String uniqueKey;

	private final Integer maxAttempts;

	private final String concurrencyKey;

	private final String correlationId;

	private JobRequest(String handler, Object payload, String queue, int priority, Instant runAt, Duration delay,
			String uniqueKey, Integer maxAttempts, String concurrencyKey, String correlationId) {
		this.handler = handler;
		this.payload = payload;
		this.queue = queue;
		this.priority = priority;
		this.runAt = runAt;
		this.delay = delay;
		this.uniqueKey = uniqueKey;
		this.maxAttempts = maxAttempts;
		this.concurrencyKey = concurrencyKey;
		this.correlationId = correlationId;
	}

	/**
	 * A request for a handler that takes no payload.
	 * @param handler the {@link TaskHandler} name
	 * @return the request
	 */
	public static JobRequest of(String handler) {
		return of(handler, null);
	}

	/**
	 * A request for a handler with a payload.
	 * @param handler the {@link TaskHandler} name, at most {@value #MAX_HANDLER_LENGTH}
	 * characters, without control characters
	 * @param payload the payload, any value Jackson can write (may be {@code null}); its
	 * JSON may be at most {@code spring.taskflow.enqueue.max-payload-size} (1MB by
	 * default), checked when it is enqueued
	 * @return the request
	 * @throws IllegalArgumentException if the handler name is empty, too long or holds
	 * control characters
	 */
	public static JobRequest of(String handler, Object payload) {
		RequestChecks.name("handler", handler, MAX_HANDLER_LENGTH, "use a shorter @TaskHandler name");
		return new JobRequest(handler, payload, DEFAULT_QUEUE, 0, null, null, null, null, null, null);
	}

	/**
	 * A request for the handler a method reference points at, with a payload of the type
	 * that method takes, checked by the compiler. The request is the same as one built
	 * with the method's {@link TaskHandler#value() handler name}.
	 *
	 * <pre class="code">
	 * JobRequest.of(Mailer::send, email).queue("mail")
	 * </pre>
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 * @param <R> the handler's result type
	 * @param handler a method reference to a {@code @TaskHandler} method taking the
	 * payload, such as {@code Mailer::send}
	 * @param payload the payload (may be {@code null})
	 * @return the request
	 * @throws IllegalArgumentException if the reference is not a method reference to a
	 * {@code @TaskHandler} method
	 * @see HandlerReference
	 */
	public static <H, P, R> JobRequest of(HandlerReference.Returning<H, P, R> handler, P payload) {
		return of(HandlerReferences.handlerName(handler), payload);
	}

	/**
	 * A request for the handler a method reference points at, for a handler method that
	 * returns nothing. See {@link #of(HandlerReference.Returning, Object)}.
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 * @param handler a method reference to a {@code @TaskHandler} method taking the
	 * payload, such as {@code Mailer::send}
	 * @param payload the payload (may be {@code null})
	 * @return the request
	 * @throws IllegalArgumentException if the reference is not a method reference to a
	 * {@code @TaskHandler} method
	 */
	public static <H, P> JobRequest of(HandlerReference.Consuming<H, P> handler, P payload) {
		return of(HandlerReferences.handlerName(handler), payload);
	}

	/**
	 * A request for the handler a method reference points at, for a handler method that
	 * takes a payload and a {@link TaskContext}. See
	 * {@link #of(HandlerReference.Returning, Object)}.
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 * @param <R> the handler's result type
	 * @param handler a method reference to a {@code @TaskHandler} method taking the
	 * payload and a {@code TaskContext}, such as {@code Mailer::send}
	 * @param payload the payload (may be {@code null})
	 * @return the request
	 * @throws IllegalArgumentException if the reference is not a method reference to a
	 * {@code @TaskHandler} method
	 */
	public static <H, P, R> JobRequest of(HandlerReference.ReturningWithContext<H, P, R> handler, P payload) {
		return of(HandlerReferences.handlerName(handler), payload);
	}

	/**
	 * A request for the handler a method reference points at, for a handler method that
	 * takes a payload and a {@link TaskContext} and returns nothing. See
	 * {@link #of(HandlerReference.Returning, Object)}.
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 * @param handler a method reference to a {@code @TaskHandler} method taking the
	 * payload and a {@code TaskContext}, such as {@code Mailer::send}
	 * @param payload the payload (may be {@code null})
	 * @return the request
	 * @throws IllegalArgumentException if the reference is not a method reference to a
	 * {@code @TaskHandler} method
	 */
	public static <H, P> JobRequest of(HandlerReference.ConsumingWithContext<H, P> handler, P payload) {
		return of(HandlerReferences.handlerName(handler), payload);
	}

	/**
	 * Put the job on the given queue.
	 * @param queue the queue name, at most {@value #MAX_QUEUE_LENGTH} characters, without
	 * control characters
	 * @return the changed request
	 * @throws IllegalArgumentException if the name is empty, too long or holds control
	 * characters
	 */
	public JobRequest queue(String queue) {
		RequestChecks.name("queue", queue, MAX_QUEUE_LENGTH, "use a shorter queue name");
		return new JobRequest(this.handler, this.payload, queue, this.priority, this.runAt, this.delay, this.uniqueKey,
				this.maxAttempts, this.concurrencyKey, this.correlationId);
	}

	/**
	 * Set the priority: among due jobs, higher priorities are claimed first.
	 * @param priority the priority (default 0), from {@value #MIN_PRIORITY} to
	 * {@value #MAX_PRIORITY}
	 * @return the changed request
	 * @throws IllegalArgumentException if the priority is outside that range
	 */
	public JobRequest priority(int priority) {
		RequestChecks.priority(priority);
		return new JobRequest(this.handler, this.payload, this.queue, priority, this.runAt, this.delay, this.uniqueKey,
				this.maxAttempts, this.concurrencyKey, this.correlationId);
	}

	/**
	 * Run the job no earlier than the given instant. Replaces any
	 * {@link #delay(Duration)}.
	 * @param runAt the due time, from {@link #EARLIEST_RUN_AT} to {@link #LATEST_RUN_AT}
	 * @return the changed request
	 * @throws IllegalArgumentException if the due time is outside that range
	 */
	public JobRequest runAt(Instant runAt) {
		Objects.requireNonNull(runAt, "'runAt' must not be null");
		if (runAt.isBefore(EARLIEST_RUN_AT) || runAt.isAfter(LATEST_RUN_AT)) {
			throw new IllegalArgumentException("'runAt' must be between " + EARLIEST_RUN_AT + " and " + LATEST_RUN_AT
					+ " (JobRequest.EARLIEST_RUN_AT and LATEST_RUN_AT), was " + runAt
					+ "; pass a due time in that range (one in the past runs at once)");
		}
		return new JobRequest(this.handler, this.payload, this.queue, this.priority, runAt, null, this.uniqueKey,
				this.maxAttempts, this.concurrencyKey, this.correlationId);
	}

	/**
	 * Run the job once the given delay has passed, measured by the database's clock from
	 * the moment it is stored. Replaces any {@link #runAt(Instant)}.
	 * @param delay the delay, not negative, at most {@link #MAX_DELAY}
	 * @return the changed request
	 * @throws IllegalArgumentException if the delay is negative or too long
	 */
	public JobRequest delay(Duration delay) {
		Objects.requireNonNull(delay, "'delay' must not be null");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("'delay' must not be negative, was " + delay);
		}
		if (delay.compareTo(MAX_DELAY) > 0) {
			throw new IllegalArgumentException("'delay' must be at most " + MAX_DELAY.toDays()
					+ " days (JobRequest.MAX_DELAY, about 100 years), was " + delay
					+ "; enqueue the job closer to when it is due");
		}
		return new JobRequest(this.handler, this.payload, this.queue, this.priority, null, delay, this.uniqueKey,
				this.maxAttempts, this.concurrencyKey, this.correlationId);
	}

	/**
	 * Make the job unique while active: as long as a job with this key is pending or
	 * running, enqueueing the same key creates nothing and returns the active job's id.
	 * @param uniqueKey the key, at most {@value #MAX_KEY_LENGTH} characters, without
	 * control characters
	 * @return the changed request
	 * @throws IllegalArgumentException if the key is empty, too long or holds control
	 * characters
	 */
	public JobRequest uniqueKey(String uniqueKey) {
		RequestChecks.name("uniqueKey", uniqueKey, MAX_KEY_LENGTH, SHORTER_KEY);
		return new JobRequest(this.handler, this.payload, this.queue, this.priority, this.runAt, this.delay, uniqueKey,
				this.maxAttempts, this.concurrencyKey, this.correlationId);
	}

	/**
	 * Limit the attempts of this job, overriding its handler's retry policy.
	 * @param maxAttempts the number of attempts in all, at least 1
	 * @return the changed request
	 */
	public JobRequest maxAttempts(int maxAttempts) {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("'maxAttempts' must be at least 1, was " + maxAttempts);
		}
		return new JobRequest(this.handler, this.payload, this.queue, this.priority, this.runAt, this.delay,
				this.uniqueKey, maxAttempts, this.concurrencyKey, this.correlationId);
	}

	/**
	 * Limit how many jobs sharing this key run at once, cluster-wide, when the handler
	 * (or queue) sets {@code spring.taskflow.handlers.<name>.concurrency.per-key}: one
	 * sync per account, fairness per tenant. Jobs of other keys proceed meanwhile.
	 * Without such a setting the key is stored and has no effect.
	 * @param concurrencyKey the key, such as {@code "tenant-42"}, at most
	 * {@value #MAX_KEY_LENGTH} characters, without control characters
	 * @return a new request with the key
	 * @throws IllegalArgumentException if the key is empty, too long or holds control
	 * characters
	 */
	public JobRequest concurrencyKey(String concurrencyKey) {
		RequestChecks.name("concurrencyKey", concurrencyKey, MAX_KEY_LENGTH, SHORTER_KEY);
		return new JobRequest(this.handler, this.payload, this.queue, this.priority, this.runAt, this.delay,
				this.uniqueKey, this.maxAttempts, concurrencyKey, this.correlationId);
	}

	/**
	 * Tie the job to others of the same business operation (an order, a request, an
	 * import): the id is stored with the job, shown by {@link JobView#correlationId()}
	 * and {@link TaskContext#correlationId()}, and put in the logging MDC as
	 * {@code taskflow.correlationId} while the job runs. A job enqueued by a running
	 * handler inherits that job's correlation id unless its request sets one.
	 * @param correlationId the id, not blank, at most {@value #MAX_CORRELATION_ID_LENGTH}
	 * characters, without control characters
	 * @return the changed request
	 */
	public JobRequest correlationId(String correlationId) {
		Assert.hasText(correlationId, "'correlationId' must not be empty");
		if (correlationId.length() > MAX_CORRELATION_ID_LENGTH) {
			throw new IllegalArgumentException("'correlationId' must be at most " + MAX_CORRELATION_ID_LENGTH
					+ " characters, was " + correlationId.length());
		}
		if (correlationId.chars().anyMatch(Character::isISOControl)) {
			// it is written to log lines through the MDC: no forged line breaks
			throw new IllegalArgumentException("'correlationId' must not contain control characters");
		}
		return new JobRequest(this.handler, this.payload, this.queue, this.priority, this.runAt, this.delay,
				this.uniqueKey, this.maxAttempts, this.concurrencyKey, correlationId);
	}

	/**
	 * The handler name.
	 * @return the handler name
	 */
	public String getHandler() {
		return this.handler;
	}

	/**
	 * The payload.
	 * @return the payload or {@code null}
	 */
	public Object getPayload() {
		return this.payload;
	}

	/**
	 * The queue name.
	 * @return the queue name
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * The priority.
	 * @return the priority
	 */
	public int getPriority() {
		return this.priority;
	}

	/**
	 * The due time, if one was set.
	 * @return the due time or {@code null}
	 */
	public Instant getRunAt() {
		return this.runAt;
	}

	/**
	 * The delay, if one was set.
	 * @return the delay or {@code null}
	 */
	public Duration getDelay() {
		return this.delay;
	}

	/**
	 * The unique key, if one was set.
	 * @return the unique key or {@code null}
	 */
	public String getUniqueKey() {
		return this.uniqueKey;
	}

	/**
	 * The attempt limit, if one was set.
	 * @return the attempt limit or {@code null} to use the handler's retry policy
	 */
	public Integer getMaxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * The concurrency key.
	 * @return the key, or {@code null}
	 */
	public String getConcurrencyKey() {
		return this.concurrencyKey;
	}

	/**
	 * The correlation id, if one was set.
	 * @return the correlation id or {@code null} to inherit the running job's, if any
	 */
	public String getCorrelationId() {
		return this.correlationId;
	}

	@Override
	public String toString() {
		return "JobRequest[handler=" + this.handler + ", queue=" + this.queue + ", priority=" + this.priority + "]";
	}

}
