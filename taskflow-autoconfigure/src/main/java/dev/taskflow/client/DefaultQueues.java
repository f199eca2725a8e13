package dev.taskflow.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.springframework.util.Assert;

import dev.taskflow.JobStatus;
import dev.taskflow.QueueLimits;
import dev.taskflow.QueueView;
import dev.taskflow.Queues;
import dev.taskflow.store.JobQueries;
import dev.taskflow.store.JobQueries.QueueCount;
import dev.taskflow.store.QueueStatistics;
import dev.taskflow.store.QueueStore;

/**
 * Pauses and resumes queues through the database, so every node sees it at its next
 * claim; a resume wakes this node at once (and, on PostgreSQL, every listening node).
 *
 * @author TaskFlow
 */
final class DefaultQueues implements Queues {

	private final QueueStore store;

	private final JobQueries queries;

	private final Supplier<List<QueueStatistics>> activeJobs;

	private final Runnable localWakeUp;

	DefaultQueues(QueueStore store, JobQueries queries, Supplier<List<QueueStatistics>> activeJobs,
			Runnable localWakeUp) {
		this.store = store;
		this.queries = queries;
		this.activeJobs = activeJobs;
		this.localWakeUp = localWakeUp;
	}

	@Override
	public List<QueueView> list() {
		List<String> paused = this.store.paused();
		Map<String, Map<JobStatus, Long>> counts = new TreeMap<>();
		Map<String, Long> due = new HashMap<>();
		Map<String, Duration> oldestDue = new HashMap<>();
		paused.forEach((queue) -> counts.put(queue, everyStatus()));
		for (QueueCount count : this.queries.countByQueueAndStatus()) {
			counts.computeIfAbsent(count.queue(), (name) -> everyStatus()).put(count.status(), count.count());
			due.merge(count.queue(), count.due(), Long::sum);
			if (count.oldestDueAge() != null) {
				oldestDue.put(count.queue(), count.oldestDueAge());
			}
		}
		return views(paused, counts, due, oldestDue);
	}

	@Override
	public List<QueueView> active() {
		List<String> paused = this.store.paused();
		Map<String, Map<JobStatus, Long>> counts = new TreeMap<>();
		Map<String, Long> due = new HashMap<>();
		Map<String, Duration> oldestDue = new HashMap<>();
		paused.forEach((queue) -> counts.put(queue, activeStatuses()));
		this.queries.queueNames().forEach((queue) -> counts.put(queue, activeStatuses()));
		for (QueueStatistics statistics : this.activeJobs.get()) {
			JobStatus status = JobStatus.valueOf(statistics.status());
			counts.computeIfAbsent(statistics.queue(), (name) -> activeStatuses()).put(status, statistics.count());
			if (status == JobStatus.PENDING && statistics.due() > 0) {
				due.put(statistics.queue(), statistics.due());
				// the oldest pending job is due, as some are
				oldestDue.put(statistics.queue(), statistics.oldestAge());
			}
		}
		return views(paused, counts, due, oldestDue);
	}

	private static List<QueueView> views(List<String> paused, Map<String, Map<JobStatus, Long>> counts,
			Map<String, Long> due, Map<String, Duration> oldestDue) {
		List<QueueView> queues = new ArrayList<>(counts.size());
		counts.forEach((queue, byStatus) -> queues.add(new QueueView(queue, paused.contains(queue), byStatus,
				due.getOrDefault(queue, 0L), oldestDue.get(queue))));
		return queues;
	}

	private static Map<JobStatus, Long> everyStatus() {
		Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			counts.put(status, 0L);
		}
		return counts;
	}

	private static Map<JobStatus, Long> activeStatuses() {
		Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
		counts.put(JobStatus.PENDING, 0L);
		counts.put(JobStatus.RUNNING, 0L);
		return counts;
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

	@Override
	public void setLimits(String queue, QueueLimits limits) {
		Assert.notNull(limits, "'limits' must not be null: use QueueLimits.none() or clearLimits(queue)");
		this.store.setLimits(checked(queue), limits);
	}

	@Override
	public void clearLimits(String queue) {
		this.store.setLimits(checked(queue), QueueLimits.none());
	}

	@Override
	public Map<String, QueueLimits> limits() {
		return this.store.limits();
	}

	private static String checked(String queue) {
		Assert.hasText(queue, "'queue' must not be empty");
		Assert.isTrue(queue.length() <= 100, () -> "'queue' must be at most 100 characters, was " + queue.length());
		return queue;
	}

}
