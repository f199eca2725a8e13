package dev.taskflow.store;

import java.time.Duration;

/**
 * How many active jobs one queue has in one status, how many of them are due, and how
 * long the oldest has been due.
 *
 * @param queue the queue name
 * @param status the status ({@code PENDING} or {@code RUNNING})
 * @param count the number of jobs
 * @param due how many of them are due by the database's clock (every running one)
 * @param oldestAge the time since the oldest of them was due, by the database's clock
 * (negative when every one of them is due in the future)
 * @author TaskFlow
 */
public record QueueStatistics(String queue, String status, long count, long due, Duration oldestAge) {

	/**
	 * Statistics of jobs that are all due.
	 * @param queue the queue name
	 * @param status the status
	 * @param count the number of jobs, all due
	 * @param oldestAge the time since the oldest was due
	 */
	public QueueStatistics(String queue, String status, long count, Duration oldestAge) {
		this(queue, status, count, count, oldestAge);
	}

}
