package dev.taskflow;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.util.Assert;

/**
 * A queue as it stands, from {@link Queues#list()} or {@link Queues#active()}: whether it
 * is paused, how many jobs it holds in each status counted, how many of them are due and
 * how long its oldest due job has waited.
 *
 * @author TaskFlow
 */
public final class QueueView {

	private final String name;

	private final boolean paused;

	private final Map<JobStatus, Long> counts;

	private final long due;

	private final Duration oldestDueAge;

	/**
	 * Create a view of a queue whose every status was counted and whose due jobs were
	 * not: {@link #due()} is 0.
	 * @param name the queue name
	 * @param paused whether it is paused
	 * @param counts its jobs by status; missing statuses count 0
	 * @param oldestDueAge how long its oldest due pending job has waited, or {@code null}
	 * if none is due
	 */
	public QueueView(String name, boolean paused, Map<JobStatus, Long> counts, Duration oldestDueAge) {
		this(name, paused, everyStatus(counts), 0, oldestDueAge);
	}

	/**
	 * Create a view.
	 * @param name the queue name
	 * @param paused whether it is paused
	 * @param counts its jobs by status, for the statuses counted only
	 * @param due how many of its pending jobs are due
	 * @param oldestDueAge how long its oldest due pending job has waited, or {@code null}
	 * if none is due
	 */
	public QueueView(String name, boolean paused, Map<JobStatus, Long> counts, long due, Duration oldestDueAge) {
		Assert.notNull(name, "'name' must not be null");
		Assert.notNull(counts, "'counts' must not be null");
		this.name = name;
		this.paused = paused;
		Map<JobStatus, Long> counted = new EnumMap<>(JobStatus.class);
		counted.putAll(counts);
		this.counts = Collections.unmodifiableMap(counted);
		this.due = due;
		this.oldestDueAge = oldestDueAge;
	}

	private static Map<JobStatus, Long> everyStatus(Map<JobStatus, Long> counts) {
		Map<JobStatus, Long> all = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			all.put(status, counts.getOrDefault(status, 0L));
		}
		return all;
	}

	/**
	 * The queue's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Whether the queue is paused on every node.
	 * @return whether it is paused
	 */
	public boolean paused() {
		return this.paused;
	}

	/**
	 * The queue's jobs by status, in the order of {@link JobStatus}: every status from
	 * {@link Queues#list()}, only {@code PENDING} and {@code RUNNING} from
	 * {@link Queues#active()}, which does not count finished jobs.
	 * @return the number of jobs in each status counted
	 */
	public Map<JobStatus, Long> counts() {
		return this.counts;
	}

	/**
	 * How many of the queue's jobs have a status.
	 * @param status the status
	 * @return the number, 0 when none has it or when the status was not counted (see
	 * {@link #counts()})
	 */
	public long count(JobStatus status) {
		return this.counts.getOrDefault(status, 0L);
	}

	/**
	 * How many of the queue's pending jobs are due, by the database's clock: those a node
	 * would claim now, as opposed to those delayed or retried later.
	 * @return the number of due jobs
	 */
	public long due() {
		return this.due;
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
		return "Queue[" + this.name + (this.paused ? ", paused" : "") + ", " + this.counts + ", due=" + this.due + "]";
	}

}
