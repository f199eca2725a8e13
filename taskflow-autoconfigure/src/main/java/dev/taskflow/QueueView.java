package dev.taskflow;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.util.Assert;

/**
 * A queue as it stands, from {@link Queues#list()}: whether it is paused, how many jobs
 * it holds in each status and how long its oldest due job has waited.
 *
 * @author TaskFlow
 */
public final class QueueView {

	private final String name;

	private final boolean paused;

	private final Map<JobStatus, Long> counts;

	private final Duration oldestDueAge;

	/**
	 * Create a view.
	 * @param name the queue name
	 * @param paused whether it is paused
	 * @param counts its jobs by status; missing statuses count 0
	 * @param oldestDueAge how long its oldest due pending job has waited, or {@code null}
	 * if none is due
	 */
	public QueueView(String name, boolean paused, Map<JobStatus, Long> counts, Duration oldestDueAge) {
		Assert.notNull(name, "'name' must not be null");
		this.name = name;
		this.paused = paused;
		Map<JobStatus, Long> all = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			all.put(status, counts.getOrDefault(status, 0L));
		}
		this.counts = Collections.unmodifiableMap(all);
		this.oldestDueAge = oldestDueAge;
	}

	/**
	 * The queue's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Whether the queue is {@link Queues#pause(String) paused}.
	 * @return whether it is paused
	 */
	public boolean paused() {
		return this.paused;
	}

	/**
	 * The number of jobs of this queue in each status.
	 * @return every status, in the order of {@link JobStatus}, 0 where it has none
	 */
	public Map<JobStatus, Long> counts() {
		return this.counts;
	}

	/**
	 * The number of jobs of this queue in one status.
	 * @param status the status
	 * @return the number
	 */
	public long count(JobStatus status) {
		return this.counts.get(status);
	}

	/**
	 * How long the oldest due pending job of this queue has waited, by the database's
	 * clock: the lag of the queue.
	 * @return the age, or empty if no job of the queue is due
	 */
	public Optional<Duration> oldestDueAge() {
		return Optional.ofNullable(this.oldestDueAge);
	}

	@Override
	public String toString() {
		return "Queue[" + this.name + (this.paused ? ", paused" : "") + ", " + this.counts + "]";
	}

}
