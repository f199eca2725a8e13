package dev.taskflow;

import java.util.List;
import java.util.Map;

/**
 * Queues: pause and resume them, across every node. A paused queue keeps its jobs pending
 * (enqueues still work); no node claims them until the queue is resumed. The pause is
 * stored in the database, so it outlives restarts.
 *
 * @author TaskFlow
 */
public interface Queues {

	/**
	 * Pause a queue on every node. Jobs already running finish.
	 * @param queue the queue name
	 * @return {@code true} if it was running and is now paused
	 */
	boolean pause(String queue);

	/**
	 * Resume a paused queue on every node.
	 * @param queue the queue name
	 * @return {@code true} if it was paused and now runs again
	 */
	boolean resume(String queue);

	/**
	 * Whether a queue is paused.
	 * @param queue the queue name
	 * @return whether it is paused
	 */
	boolean isPaused(String queue);

	/**
	 * Every queue that holds jobs or is paused, with its jobs counted by status and the
	 * age of its oldest due job. One grouped scan of the job table: for an operator or a
	 * dashboard, not for a loop (the metrics' gauges are cheaper).
	 * @return the queues, by name
	 */
	List<QueueView> list();

	/**
	 * Every queue that holds jobs or is paused, as {@link #list()} finds them, with its
	 * {@code PENDING} and {@code RUNNING} jobs counted, how many are due and the age of
	 * its oldest due job. Read through indexes (of active jobs, and one probe per queue
	 * for the names), so its cost follows the jobs waiting and running, not the history
	 * the table keeps: what a page refreshed every few seconds can afford where
	 * {@link #list()} cannot. Finished jobs are not counted: {@link QueueView#counts()}
	 * holds the two active statuses only.
	 * @return the queues, by name
	 */
	List<QueueView> active();

	/**
	 * The paused queues.
	 * @return their names, sorted
	 */
	List<String> paused();

	/**
	 * Limit a queue at run time, on every node within a second, until
	 * {@link #clearLimits(String) cleared}: stored in the database, so the limits outlive
	 * restarts. They take the place of the queue's configured cluster-wide limits of the
	 * same kind; a kind they leave out keeps its configured limit.
	 * @param queue the queue name
	 * @param limits the limits ({@link QueueLimits#none()} is the same as
	 * {@link #clearLimits(String)})
	 */
	void setLimits(String queue, QueueLimits limits);

	/**
	 * Drop a queue's run-time limits: its configured limits apply again, on every node
	 * within a second.
	 * @param queue the queue name
	 */
	void clearLimits(String queue);

	/**
	 * The run-time limits of every queue that has some.
	 * @return the limits by queue name, sorted
	 */
	Map<String, QueueLimits> limits();

}
