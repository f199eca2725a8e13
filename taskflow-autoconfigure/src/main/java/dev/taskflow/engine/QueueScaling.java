package dev.taskflow.engine;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How a queue's own pool of worker threads grows and shrinks with the queue's due jobs
 * ({@code spring.taskflow.queues.<name>.threads.min|max} and the scale settings).
 *
 * @param queue the queue
 * @param min the fewest threads
 * @param max the most threads
 * @param scaleUpThreshold due jobs waiting at or above which the pool grows
 * @param scaleDownThreshold due jobs waiting at or below which an idle pool shrinks
 * @param scaleUpCooldown the least time after a change before the pool grows again
 * @param scaleDownCooldown the least time after a change before the pool shrinks
 * @author TaskFlow
 */
public record QueueScaling(String queue, int min, int max, int scaleUpThreshold, int scaleDownThreshold,
		Duration scaleUpCooldown, Duration scaleDownCooldown) {

	/**
	 * The connections of the pool that a node's own threads may hold at once (claims,
	 * outcomes, lease renewals, housekeeping), which job threads must leave them.
	 */
	public static final int TASKFLOW_CONNECTIONS = 4;

	/**
	 * The most threads the scaling pools may hold together with a connection pool of the
	 * given size.
	 * @param connectionPoolSize the pool's maximum size, {@code null} or negative if
	 * unknown or unbounded
	 * @return the threads, {@link Integer#MAX_VALUE} if unbounded
	 */
	public static int threadBudget(Integer connectionPoolSize) {
		if (connectionPoolSize == null || connectionPoolSize < 0) {
			return Integer.MAX_VALUE;
		}
		return Math.max(0, connectionPoolSize - TASKFLOW_CONNECTIONS);
	}

	/**
	 * Check the settings.
	 */
	public QueueScaling {
		Assert.isTrue(min >= 1 && max >= min, () -> "Queue " + queue + ": threads.min must be at least 1 and at most"
				+ " threads.max, were " + min + " and " + max);
		Assert.isTrue(scaleUpThreshold > scaleDownThreshold && scaleDownThreshold >= 0,
				() -> "Queue " + queue + ": scale-up-threshold must be above scale-down-threshold, 0 or more");
	}

}
