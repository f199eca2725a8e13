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
	 * Check the settings.
	 */
	public QueueScaling {
		Assert.isTrue(min >= 1 && max >= min, () -> "Queue " + queue + ": threads.min must be at least 1 and at most"
				+ " threads.max, were " + min + " and " + max);
		Assert.isTrue(scaleUpThreshold > scaleDownThreshold && scaleDownThreshold >= 0,
				() -> "Queue " + queue + ": scale-up-threshold must be above scale-down-threshold, 0 or more");
	}

}
