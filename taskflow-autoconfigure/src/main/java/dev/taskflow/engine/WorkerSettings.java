package dev.taskflow.engine;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How a worker node runs.
 *
 * @param nodeId this node's id, stored as the owner of the jobs it runs
 * @param threads the number of jobs it runs at once
 * @param prefetch the number of claimed jobs it may hold beyond its threads, so that each
 * claim carries a batch
 * @param maxPrefetch the number it may hold beyond its threads while its jobs are short
 * (a claim of short jobs then carries a bigger batch); at most {@code prefetch} turns
 * this off
 * @param pollInterval how often it looks for due jobs when nothing wakes it
 * @param lease how long a claim holds without a heartbeat
 * @param heartbeatInterval how often it extends its leases and rescues expired ones
 * @param shutdownAwait how long a stopping node waits for running jobs
 * @author TaskFlow
 */
public record WorkerSettings(String nodeId, int threads, int prefetch, int maxPrefetch, Duration pollInterval,
		Duration lease, Duration heartbeatInterval, Duration shutdownAwait) {

	public WorkerSettings {
		Assert.hasText(nodeId, "'nodeId' must not be empty");
		Assert.isTrue(threads >= 1, () -> "spring.taskflow.worker.threads must be at least 1, was " + threads);
		Assert.isTrue(prefetch >= 0, () -> "spring.taskflow.worker.prefetch must not be negative, was " + prefetch);
		Assert.isTrue(maxPrefetch >= 0,
				() -> "spring.taskflow.worker.max-prefetch must not be negative, was " + maxPrefetch);
		Assert.isTrue(isPositive(pollInterval),
				() -> "spring.taskflow.worker.poll-interval must be positive, was " + pollInterval);
		Assert.isTrue(isPositive(lease), () -> "spring.taskflow.worker.lease must be positive, was " + lease);
		Assert.isTrue(isPositive(heartbeatInterval) && heartbeatInterval.compareTo(lease) < 0,
				() -> "spring.taskflow.worker.heartbeat-interval must be positive and shorter than the lease (" + lease
						+ "), was " + heartbeatInterval);
		Assert.isTrue(shutdownAwait != null && !shutdownAwait.isNegative(),
				() -> "spring.taskflow.shutdown.await must not be negative, was " + shutdownAwait);
	}

	/**
	 * Settings whose prefetch does not grow for short jobs.
	 * @param nodeId this node's id
	 * @param threads the number of jobs it runs at once
	 * @param prefetch the number of claimed jobs it may hold beyond its threads
	 * @param pollInterval how often it looks for due jobs when nothing wakes it
	 * @param lease how long a claim holds without a heartbeat
	 * @param heartbeatInterval how often it extends its leases and rescues expired ones
	 * @param shutdownAwait how long a stopping node waits for running jobs
	 */
	public WorkerSettings(String nodeId, int threads, int prefetch, Duration pollInterval, Duration lease,
			Duration heartbeatInterval, Duration shutdownAwait) {
		this(nodeId, threads, prefetch, prefetch, pollInterval, lease, heartbeatInterval, shutdownAwait);
	}

	/**
	 * How long each statement of the node's housekeeping (its own heartbeat, the removal
	 * of dead nodes, the rescue, the look for jobs no node can run) may take before the
	 * database cuts it off. They share a thread, and the node's next heartbeat waits for
	 * them: half of what is left of the lease after a heartbeat interval, so that a table
	 * locked for long costs a failed rescue, never the node's life (its jobs would run
	 * twice). At least a second, the smallest timeout JDBC can set.
	 * @return the time limit of a housekeeping statement
	 */
	Duration housekeepingTimeout() {
		Duration half = this.lease.minus(this.heartbeatInterval).dividedBy(2);
		return (half.compareTo(Duration.ofSeconds(1)) > 0) ? half : Duration.ofSeconds(1);
	}

	private static boolean isPositive(Duration duration) {
		return duration != null && !duration.isNegative() && !duration.isZero();
	}

}
