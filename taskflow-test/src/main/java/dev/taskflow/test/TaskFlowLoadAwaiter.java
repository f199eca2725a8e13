package dev.taskflow.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.taskflow.JobId;
import dev.taskflow.JobQuery;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.Jobs;

/**
 * Waits for the jobs of a {@link TaskFlowLoad} run to finish and reads them, through the
 * public API. The ids are known, so the jobs are watched by id, a thousand at a time: a
 * count by status per thousand jobs per poll (by primary key), and once a thousand are
 * all final, one read of them. No statement runs per job, and other jobs in the table
 * cost nothing.
 *
 * @author TaskFlow
 */
final class TaskFlowLoadAwaiter {

	static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private static final String TIMED_OUT = "The load's jobs did not all finish within %s: %d of %d jobs were still"
			+ " unfinished (%s). Check that a worker runs their handler and queue, or allow more time with awaitAtMost";

	private final Jobs jobs;

	TaskFlowLoadAwaiter(Jobs jobs) {
		this.jobs = jobs;
	}

	/**
	 * Wait until every job is final and read them.
	 * @param ids the jobs, repeated ids read once
	 * @param deadline when to give up, as {@link System#nanoTime()}
	 * @param timeout the time the deadline stands for, for the message
	 * @return the jobs, each as stored once final
	 * @throws IllegalStateException if some were not final by the deadline
	 */
	List<JobView> await(List<JobId> ids, long deadline, Duration timeout) {
		List<Chunk> unfinished = chunks(ids);
		int count = unfinished.stream().mapToInt((chunk) -> chunk.ids.size()).sum();
		List<JobView> finished = new ArrayList<>(count);
		while (true) {
			for (Iterator<Chunk> chunks = unfinished.iterator(); chunks.hasNext();) {
				Chunk chunk = chunks.next();
				if (chunk.read(this.jobs, finished)) {
					chunks.remove();
				}
			}
			if (unfinished.isEmpty()) {
				return finished;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw timedOut(unfinished, count, timeout);
			}
			sleep(Math.min(left, POLL_INTERVAL.toNanos()));
		}
	}

	private static List<Chunk> chunks(List<JobId> ids) {
		List<JobId> distinct = List.copyOf(new LinkedHashSet<>(ids));
		List<Chunk> chunks = new ArrayList<>();
		for (int from = 0; from < distinct.size(); from += JobQuery.MAX_LIMIT) {
			chunks.add(new Chunk(distinct.subList(from, Math.min(distinct.size(), from + JobQuery.MAX_LIMIT))));
		}
		return chunks;
	}

	private static IllegalStateException timedOut(List<Chunk> unfinished, int awaited, Duration timeout) {
		Map<JobStatus, Long> active = new EnumMap<>(JobStatus.class);
		long missing = 0;
		for (Chunk chunk : unfinished) {
			long found = 0;
			for (Map.Entry<JobStatus, Long> entry : chunk.lastCounts.entrySet()) {
				found += entry.getValue();
				if (entry.getKey().isActive() && entry.getValue() > 0) {
					active.merge(entry.getKey(), entry.getValue(), Long::sum);
				}
			}
			missing += chunk.ids.size() - found;
		}
		List<String> parts = new ArrayList<>();
		active.forEach((status, jobs) -> parts.add(status + " " + jobs));
		if (missing > 0) {
			parts.add(missing + " not found, deleted meanwhile");
		}
		long total = active.values().stream().mapToLong(Long::longValue).sum() + missing;
		return new IllegalStateException(TIMED_OUT.formatted(timeout, total, awaited, String.join(", ", parts)));
	}

	private static void sleep(long nanos) {
		try {
			Thread.sleep(Math.max(1, nanos / 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the load's jobs to finish", ex);
		}
	}

	/**
	 * Up to a thousand jobs, the most a {@link JobQuery#ids(java.util.Collection) query
	 * by id} takes.
	 */
	private static final class Chunk {

		private final List<JobId> ids;

		private Map<JobStatus, Long> lastCounts = Map.of();

		Chunk(List<JobId> ids) {
			this.ids = ids;
		}

		/**
		 * Add the jobs to {@code finished} if they all are.
		 * @return whether they were
		 */
		boolean read(Jobs jobs, List<JobView> finished) {
			this.lastCounts = jobs.countByStatus(JobQuery.all().ids(this.ids));
			long found = this.lastCounts.values().stream().mapToLong(Long::longValue).sum();
			if (found < this.ids.size() || this.lastCounts.entrySet()
				.stream()
				.anyMatch((count) -> count.getKey().isActive() && count.getValue() > 0)) {
				return false;
			}
			List<JobView> views = jobs.findAll(this.ids);
			// a job retried (or deleted) between the count and the read waits for the
			// next poll
			if (views.size() < this.ids.size() || views.stream().anyMatch((view) -> view.status().isActive())) {
				return false;
			}
			finished.addAll(views);
			return true;
		}

	}

}
