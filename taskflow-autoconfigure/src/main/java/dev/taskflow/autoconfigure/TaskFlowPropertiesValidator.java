package dev.taskflow.autoconfigure;

import java.time.Duration;
import java.util.Set;

import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.taskflow.JobRequest;
import dev.taskflow.store.JobRetention;
import dev.taskflow.autoconfigure.TaskFlowProperties.Backoff;
import dev.taskflow.autoconfigure.TaskFlowProperties.Enqueue;
import dev.taskflow.autoconfigure.TaskFlowProperties.Handler;
import dev.taskflow.autoconfigure.TaskFlowProperties.HandlerBackoff;
import dev.taskflow.autoconfigure.TaskFlowProperties.HandlerRetry;
import dev.taskflow.autoconfigure.TaskFlowProperties.Logs;
import dev.taskflow.autoconfigure.TaskFlowProperties.Metrics;
import dev.taskflow.autoconfigure.TaskFlowProperties.Retention;
import dev.taskflow.autoconfigure.TaskFlowProperties.RetentionPeriods;
import dev.taskflow.autoconfigure.TaskFlowProperties.Retry;
import dev.taskflow.autoconfigure.TaskFlowProperties.ScheduleProperties;
import dev.taskflow.autoconfigure.TaskFlowProperties.Scheduling;
import dev.taskflow.autoconfigure.TaskFlowProperties.Shutdown;
import dev.taskflow.autoconfigure.TaskFlowProperties.Statistics;
import dev.taskflow.autoconfigure.TaskFlowProperties.Worker;

/**
 * The checks of {@code spring.taskflow.*} values, run by Spring Boot as it binds them
 * (the properties are a {@link Validator}), so that an invalid value fails the start
 * through Boot's bind validation analysis: the property, its value, where it was set and,
 * as the reason, what it must be and how to fix it. A Spring {@code Validator} rather
 * than Bean Validation constraints: those need a provider on the application's class
 * path, and {@code @Validated} with the API but no provider fails every start.
 * <p>
 * Limits, rate limiters, reserved threads and back-pressure are checked where they are
 * read, with the same kind of message ({@code InvalidThrottleException}); annotation
 * attributes where the handlers are found.
 *
 * @author TaskFlow
 */
final class TaskFlowPropertiesValidator implements Validator {

	/**
	 * The validator.
	 */
	static final TaskFlowPropertiesValidator INSTANCE = new TaskFlowPropertiesValidator();

	private static final Duration MILLISECOND = Duration.ofMillis(1);

	private static final String ATTEMPTS = "must be at least 1 (the first attempt counts): 1 means no retry";

	private static final String MULTIPLIER = "must be at least 1.0 (1.0 keeps the delay, 2.0 doubles it)";

	private static final String JITTER = "must be at least 0 and below 1 (0.2 spreads each delay by up to 20% either"
			+ " way)";

	private static final int MAX_NODE_ID_LENGTH = 100;

	private static final Set<Class<?>> GROUPS = Set.of(Worker.class, Enqueue.class, Retry.class, Backoff.class,
			Shutdown.class, Metrics.class, TaskFlowProperties.Query.class, Logs.class, Scheduling.class,
			ScheduleProperties.class, Handler.class, HandlerRetry.class, HandlerBackoff.class, Retention.class,
			RetentionPeriods.class, Statistics.class, TaskFlowProperties.Workflow.class,
			TaskFlowProperties.Progress.class, TaskFlowProperties.Queue.class, TaskFlowProperties.QueueThreads.class);

	private TaskFlowPropertiesValidator() {
	}

	@Override
	public boolean supports(Class<?> type) {
		return GROUPS.contains(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		if (target instanceof Worker worker) {
			worker(worker, errors);
		}
		else if (target instanceof Enqueue enqueue) {
			DataSize size = enqueue.getMaxPayloadSize();
			if (size == null || size.toBytes() < 1) {
				errors.rejectValue("max-payload-size", "min", "must be at least 1B, such as 1MB (the default)");
			}
		}
		else if (target instanceof Retry retry) {
			if (retry.getMaxAttempts() < 1) {
				errors.rejectValue("max-attempts", "min", ATTEMPTS);
			}
		}
		else if (target instanceof Backoff backoff) {
			backoff(backoff, errors);
		}
		else if (target instanceof Shutdown shutdown) {
			notNegative(errors, "await", shutdown.getAwait(), "0 releases running jobs at once");
		}
		else if (target instanceof TaskFlowProperties.Workflow workflow) {
			notNegative(errors, "cancel-grace", workflow.getCancelGrace(),
					"0 interrupts a running job as soon as it is asked to stop");
		}
		else if (target instanceof TaskFlowProperties.QueueThreads threads) {
			queueThreads(threads, errors);
		}
		else if (target instanceof TaskFlowProperties.Queue queue) {
			if (queue.getScaleDownThreshold() < 0) {
				errors.rejectValue("scale-down-threshold", "min",
						"must not be negative; 0 (the default) shrinks the pool once no due job waits");
			}
			if (queue.getScaleUpThreshold() <= queue.getScaleDownThreshold()) {
				errors.rejectValue("scale-up-threshold", "min",
						"must be above scale-down-threshold (" + queue.getScaleDownThreshold() + "), such as 1 (the"
								+ " default): the pool grows while that many due jobs wait");
			}
			notNegative(errors, "scale-up-cooldown", queue.getScaleUpCooldown(), "0 grows at every check (1s)");
			notNegative(errors, "scale-down-cooldown", queue.getScaleDownCooldown(), "0 shrinks at every check (1s)");
		}
		else if (target instanceof TaskFlowProperties.Progress progress) {
			atLeastOneMilli(errors, "interval", progress.getInterval(),
					"1s (the default): each write is one statement for all of a node's running jobs");
		}
		else if (target instanceof Metrics metrics) {
			atLeastOneMilli(errors, "queue-refresh-interval", metrics.getQueueRefreshInterval(),
					"10s (the default): each refresh is one grouped query");
		}
		else if (target instanceof TaskFlowProperties.Query query) {
			atLeastOneMilli(errors, "timeout", query.getTimeout(),
					"2s (the default): the database counts it in whole seconds, rounded up");
		}
		else if (target instanceof Logs logs) {
			atLeast(errors, "max-lines-per-job", logs.getMaxLinesPerJob(),
					"turn capture off with spring.taskflow.logs.capture=false instead");
			if (logs.getFailures() == null) {
				errors.rejectValue("failures", "required",
						"must be failed (the default), all or off: failed logs each job that ends FAILED at WARN");
			}
		}
		else if (target instanceof Scheduling scheduling) {
			scheduling(scheduling, errors);
		}
		else if (target instanceof ScheduleProperties schedule) {
			schedule(schedule, errors);
		}
		else if (target instanceof Handler handler) {
			if (handler.getTimeout() != null) {
				atLeastOneMilli(errors, "timeout", handler.getTimeout(), "30s");
			}
		}
		else if (target instanceof HandlerRetry retry) {
			if (retry.getMaxAttempts() != null && retry.getMaxAttempts() < 1) {
				errors.rejectValue("max-attempts", "min", ATTEMPTS);
			}
		}
		else if (target instanceof HandlerBackoff backoff) {
			handlerBackoff(backoff, errors);
		}
		else if (target instanceof Retention retention) {
			retention(retention, errors);
		}
		else if (target instanceof Statistics statistics) {
			Duration retention = statistics.getRetention();
			if (retention == null || retention.compareTo(Duration.ofMinutes(1)) < 0) {
				errors.rejectValue("retention", "min",
						"must be at least 1m, such as 8d (the default): a chart of the last 7 days needs 7 days of"
								+ " rows and the minutes being written; to write no statistics, set"
								+ " spring.taskflow.statistics.enabled=false");
			}
		}
		else if (target instanceof RetentionPeriods periods) {
			period(errors, "succeeded", periods.getSucceeded(), "1d", false);
			period(errors, "failed", periods.getFailed(), "14d", false);
			period(errors, "cancelled", periods.getCancelled(), "14d", false);
		}
	}

	private static void worker(Worker worker, Errors errors) {
		if (worker.getThreads() < 1) {
			errors.rejectValue("threads", "min", "must be at least 1 (the jobs this node runs at once); for a node"
					+ " that only enqueues, set spring.taskflow.worker.enabled=false instead");
		}
		if (worker.getPrefetch() < 0) {
			errors.rejectValue("prefetch", "min",
					"must not be negative; 0 claims no more jobs than there are free threads");
		}
		if (worker.getMaxPrefetch() < 0) {
			errors.rejectValue("max-prefetch", "min", "must not be negative; set it to spring.taskflow.worker.prefetch"
					+ " (or less) to keep the prefetch fixed");
		}
		atLeastOneMilli(errors, "poll-interval", worker.getPollInterval(), "1s (the default)");
		boolean leaseValid = atLeastOneMilli(errors, "lease", worker.getLease(), "30s (the default)");
		Duration heartbeat = worker.getHeartbeatInterval();
		if (leaseValid && (heartbeat == null || heartbeat.compareTo(MILLISECOND) < 0
				|| heartbeat.compareTo(worker.getLease()) >= 0)) {
			if (heartbeat != null && heartbeat.compareTo(MILLISECOND) >= 0
					&& heartbeat.equals(new Worker().getHeartbeatInterval())) {
				// the heartbeat is left at its default: the lease is the value to change
				errors.rejectValue("lease", "range", "must be longer than spring.taskflow.worker.heartbeat-interval ("
						+ format(heartbeat) + "), such as three times as long: each heartbeat renews the leases");
			}
			else {
				errors.rejectValue("heartbeat-interval", "range",
						"must be at least 1ms and shorter than spring.taskflow.worker.lease ("
								+ format(worker.getLease())
								+ "), such as a third of it: each heartbeat renews the leases");
			}
		}
		String nodeId = worker.getNodeId();
		if (nodeId != null && (nodeId.length() > MAX_NODE_ID_LENGTH || hasControlCharacters(nodeId))) {
			errors.rejectValue("node-id", "size", "must be at most " + MAX_NODE_ID_LENGTH
					+ " characters (the owner_node column), without control characters; leave it unset to have one"
					+ " generated");
		}
		Integer reservedAbove = worker.getReservedForPriorityAbove();
		if (reservedAbove != null
				&& (reservedAbove < JobRequest.MIN_PRIORITY || reservedAbove >= JobRequest.MAX_PRIORITY)) {
			errors.rejectValue("reserved-for-priority-above", "range",
					"must be between " + JobRequest.MIN_PRIORITY + " and " + (JobRequest.MAX_PRIORITY - 1)
							+ " (JobRequest.MIN_PRIORITY and one below MAX_PRIORITY), so that some priority is above"
							+ " it");
		}
	}

	private static void backoff(Backoff backoff, Errors errors) {
		boolean initialValid = atLeastOneMilli(errors, "initial", backoff.getInitial(), "1s (the default)");
		if (backoff.getMultiplier() < 1.0) {
			errors.rejectValue("multiplier", "min", MULTIPLIER);
		}
		Duration max = backoff.getMax();
		if (initialValid && (max == null || max.compareTo(backoff.getInitial()) < 0)) {
			if (max != null && max.equals(new Backoff().getMax())) {
				// the maximum is left at its default: the initial delay is the value to
				// change
				errors.rejectValue("initial", "range",
						"must not be longer than spring.taskflow.retry.backoff.max (" + format(max) + ")");
			}
			else {
				errors.rejectValue("max", "min", "must not be shorter than spring.taskflow.retry.backoff.initial ("
						+ format(backoff.getInitial()) + ")");
			}
		}
		if (!(backoff.getJitter() >= 0.0 && backoff.getJitter() < 1.0)) {
			errors.rejectValue("jitter", "range", JITTER);
		}
	}

	private static void handlerBackoff(HandlerBackoff backoff, Errors errors) {
		if (backoff.getInitial() != null) {
			atLeastOneMilli(errors, "initial", backoff.getInitial(), "1s");
		}
		if (backoff.getMultiplier() != null && backoff.getMultiplier() < 1.0) {
			errors.rejectValue("multiplier", "min", MULTIPLIER);
		}
		if (backoff.getMax() != null) {
			atLeastOneMilli(errors, "max", backoff.getMax(), "10m");
		}
		if (backoff.getJitter() != null && !(backoff.getJitter() >= 0.0 && backoff.getJitter() < 1.0)) {
			errors.rejectValue("jitter", "range", JITTER);
		}
	}

	private static void scheduling(Scheduling scheduling, Errors errors) {
		atLeast(errors, "max-catch-up", scheduling.getMaxCatchUp(),
				"a schedule that should not catch up at all uses misfire skip");
		notNegative(errors, "misfire-threshold", scheduling.getMisfireThreshold(),
				"0 counts every late fire time as missed");
		atLeastOneMilli(errors, "refresh-interval", scheduling.getRefreshInterval(), "10s (the default)");
		atLeastOneMilli(errors, "poll-interval", scheduling.getPollInterval(), "1s (the default)");
	}

	private static void schedule(ScheduleProperties schedule, Errors errors) {
		Integer priority = schedule.getPriority();
		if (priority != null && (priority < JobRequest.MIN_PRIORITY || priority > JobRequest.MAX_PRIORITY)) {
			errors.rejectValue("priority", "range", "must be between " + JobRequest.MIN_PRIORITY + " and "
					+ JobRequest.MAX_PRIORITY + " (JobRequest.MIN_PRIORITY and MAX_PRIORITY); higher runs first");
		}
		name(errors, "queue", schedule.getQueue(), JobRequest.MAX_QUEUE_LENGTH, "the queue column");
		name(errors, "handler", schedule.getHandler(), JobRequest.MAX_HANDLER_LENGTH, "the handler column");
	}

	private static void retention(Retention retention, Errors errors) {
		period(errors, "succeeded", retention.getSucceeded(), "1d (the default)", true);
		period(errors, "failed", retention.getFailed(), "14d (the default)", true);
		period(errors, "cancelled", retention.getCancelled(), "14d (the default)", true);
		atLeastOneMilli(errors, "interval", retention.getInterval(),
				"10m (the default): the purge runs once per interval across the cluster");
		if (retention.getBatchSize() < 1 || retention.getBatchSize() > JobRetention.MAX_BATCH_SIZE) {
			errors.rejectValue("batch-size", "range", "must be between 1 and " + JobRetention.MAX_BATCH_SIZE
					+ ", such as 1000 (the default): each batch is one short transaction that locks its rows");
		}
	}

	private static void period(Errors errors, String field, Duration value, String example, boolean required) {
		if ((value == null && required) || (value != null && value.isNegative())) {
			errors.rejectValue(field, (value == null) ? "required" : "min",
					((value == null) ? "must be set" : "must not be negative") + ": a duration such as " + example
							+ ", or keep (or 0) to keep the" + " jobs for ever");
		}
	}

	private static void name(Errors errors, String field, String value, int maxLength, String column) {
		if (value != null && (value.length() > maxLength || hasControlCharacters(value))) {
			errors.rejectValue(field, "size",
					"must be at most " + maxLength + " characters (" + column + "), without control characters");
		}
	}

	private static void atLeast(Errors errors, String field, int value, String fix) {
		if (value < 1) {
			errors.rejectValue(field, "min", "must be at least 1; " + fix);
		}
	}

	// returns whether the duration is valid
	private static boolean atLeastOneMilli(Errors errors, String field, Duration value, String example) {
		if (value == null || value.compareTo(MILLISECOND) < 0) {
			errors.rejectValue(field, "min", "must be at least 1ms, such as " + example);
			return false;
		}
		return true;
	}

	private static void queueThreads(TaskFlowProperties.QueueThreads threads, Errors errors) {
		if (threads.getMin() != null && threads.getMin() < 1) {
			errors.rejectValue("min", "min", "must be at least 1: a queue's pool keeps at least one thread");
		}
		else if (threads.getMax() != null && threads.getMax() < 1) {
			errors.rejectValue("max", "min", "must be at least 1, such as 20");
		}
		else if (threads.getMin() != null && threads.getMax() != null && threads.getMin() > threads.getMax()) {
			errors.rejectValue("min", "max", "must not be above threads.max (" + threads.getMax() + ")");
		}
	}

	private static void notNegative(Errors errors, String field, Duration value, String zeroMeans) {
		if (value == null || value.isNegative()) {
			errors.rejectValue(field, "min", "must not be negative; " + zeroMeans);
		}
	}

	private static boolean hasControlCharacters(String value) {
		return value.chars().anyMatch(Character::isISOControl);
	}

	// "30s" rather than "PT30S", as the properties are written
	private static String format(Duration duration) {
		if (duration.toMillis() % 1000 != 0 || duration.isZero()) {
			return duration.toMillis() + "ms";
		}
		long seconds = duration.toSeconds();
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + "h";
		}
		return (seconds % 60 == 0) ? (seconds / 60) + "m" : seconds + "s";
	}

}
