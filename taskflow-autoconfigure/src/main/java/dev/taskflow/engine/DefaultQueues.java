package dev.taskflow.engine;

import java.util.List;

import org.springframework.util.Assert;

import dev.taskflow.Queues;
import dev.taskflow.store.QueueStore;

/**
 * Pauses and resumes queues through the database, so every node sees it at its next
 * claim; a resume wakes this node at once (and, on PostgreSQL, every listening node).
 *
 * @author TaskFlow
 */
final class DefaultQueues implements Queues {

	private final QueueStore store;

	private final Runnable localWakeUp;

	DefaultQueues(QueueStore store, Runnable localWakeUp) {
		this.store = store;
		this.localWakeUp = localWakeUp;
	}

	@Override
	public boolean pause(String queue) {
		return this.store.setPaused(checked(queue), true);
	}

	@Override
	public boolean resume(String queue) {
		boolean resumed = this.store.setPaused(checked(queue), false);
		if (resumed) {
			AfterCommit.run(this.localWakeUp);
		}
		return resumed;
	}

	@Override
	public boolean isPaused(String queue) {
		return this.store.isPaused(checked(queue));
	}

	@Override
	public List<String> paused() {
		return this.store.paused();
	}

	private static String checked(String queue) {
		Assert.hasText(queue, "'queue' must not be empty");
		Assert.isTrue(queue.length() <= 100, () -> "'queue' must be at most 100 characters, was " + queue.length());
		return queue;
	}

}
