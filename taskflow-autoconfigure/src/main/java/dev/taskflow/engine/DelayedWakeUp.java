package dev.taskflow.engine;

/**
 * Wakes this node's worker when delayed jobs that this node stored become due, so that it
 * claims them then rather than at its next poll.
 *
 * @author TaskFlow
 */
@FunctionalInterface
public interface DelayedWakeUp {

	/**
	 * Wakes nothing: a node without a worker.
	 */
	DelayedWakeUp NONE = (dueAt) -> {
	};

	/**
	 * Jobs stored here become due at the given moment.
	 * @param dueAt the moment, on this JVM's monotonic clock ({@link System#nanoTime()})
	 */
	void dueAt(long dueAt);

}
