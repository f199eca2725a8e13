package dev.taskflow.engine;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.QueueLimits;
import dev.taskflow.store.QueueStore;

/**
 * Reads the queues' run-time limits every second and hands a change to the claims: so
 * every node applies a limit set on any node (the dashboard's queues page,
 * {@code taskFlow.queues().setLimits(...)}) within a second. One small read per second of
 * a table with a row per queue.
 *
 * @author TaskFlow
 */
final class QueueLimitsWatch implements Runnable {

	static final long INTERVAL_MILLIS = 1000;

	private static final Log logger = LogFactory.getLog(QueueLimitsWatch.class);

	private final QueueStore queues;

	private final Supplier<ClaimPlanner> planner;

	private final Runnable wakeUp;

	private final String nodeId;

	private final BooleanSupplier busy;

	private final long idleIntervalNanos;

	private long lastRead = System.nanoTime();

	private final FailureLog failures = new FailureLog(logger, "read the queues' run-time limits");

	private Map<String, QueueLimits> applied = Map.of();

	QueueLimitsWatch(QueueStore queues, Supplier<ClaimPlanner> planner, Runnable wakeUp, String nodeId,
			BooleanSupplier busy, Duration idleInterval) {
		this.queues = queues;
		this.idleIntervalNanos = idleInterval.toNanos();
		this.planner = planner;
		this.wakeUp = wakeUp;
		this.nodeId = nodeId;
		this.busy = busy;
	}

	/**
	 * Read the limits if it is time: each second while the node is busy, once per idle
	 * interval while it is idle.
	 */
	@Override
	public void run() {
		if (this.busy.getAsBoolean() || System.nanoTime() - this.lastRead >= this.idleIntervalNanos) {
			read();
		}
	}

	/**
	 * Read the limits now and apply a change.
	 */
	synchronized void read() {
		this.lastRead = System.nanoTime();
		try {
			Map<String, QueueLimits> limits = this.queues.limits();
			this.failures.succeeded();
			ClaimPlanner planner = this.planner.get();
			if (planner == null || Objects.equals(limits, this.applied)) {
				return;
			}
			planner.applyQueueLimits(limits);
			if (logger.isInfoEnabled()) {
				logger.info("TaskFlow node " + this.nodeId + " applies the queues' run-time limits "
						+ (limits.isEmpty() ? "(none: the configured limits)" : limits));
			}
			this.applied = limits;
			// limited claims look again: a queue may have room now
			this.wakeUp.run();
		}
		catch (RuntimeException ex) {
			this.failures.failed(ex);
		}
	}

}
