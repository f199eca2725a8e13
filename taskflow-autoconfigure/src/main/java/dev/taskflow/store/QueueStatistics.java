package dev.taskflow.store;

import java.time.Duration;

/**
 * How many active jobs one queue has in one status, and how long the oldest has been due.
 *
 * @param queue the queue name
 * @param status the status ({@code PENDING} or {@code RUNNING})
 * @param count the number of jobs
 * @param oldestAge the time since the oldest of them was due, by the database's clock
 * (negative when every one of them is due in the future)
 * @author TaskFlow
 */
public record QueueStatistics(String queue, String status, long count, Duration oldestAge) {

}
