package dev.taskflow.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.util.Assert;

import dev.taskflow.JobStatus;

/**
 * The reads and the clean-up that watching jobs needs (the queue list, the health
 * indicator): the database's time, counts of all jobs by queue and status, and the purge
 * of finished jobs before a time (by {@link JobRetention}; pages and bulk operations are
 * {@link JobSearch} and {@link JobBulk}). (The active jobs' counts and ages are
 * {@link JobStore#queueStatistics()}, which the gauges read too.)
 *
 * @author TaskFlow
 */
public final class JobQueries {

	private static final Set<JobStatus> FINISHED = EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED,
			JobStatus.CANCELLED);

	private static final int PURGE_CHUNK = 500;

	private final StoreSupport store;

	private final JobRetention retention;

	JobQueries(StoreSupport store, JobRetention retention) {
		this.store = store;
		this.retention = retention;
	}

	/**
	 * The database's time now.
	 * @return the time
	 */
	public Instant databaseNow() {
		return this.store.dialect().currentTime(this.store.jdbc());
	}

	/**
	 * The name of every queue that holds jobs, read through the index by queue: a probe
	 * per queue, whatever the number of jobs.
	 * @return the names, in no particular order
	 */
	public List<String> queueNames() {
		String distinct = this.store.dialect().distinctQueues();
		if (distinct != null) {
			return this.store.jdbc().queryForList(distinct, String.class);
		}
		String next = this.store.dialect().nextQueue();
		List<String> names = new ArrayList<>();
		String name = this.store.jdbc().queryForObject("SELECT MIN(queue) FROM taskflow_job", String.class);
		while (name != null) {
			names.add(name);
			List<String> after = this.store.jdbc().queryForList(next, String.class, name);
			name = after.isEmpty() ? null : after.get(0);
		}
		return names;
	}

	/**
	 * Count every job by queue and status, with the age of the oldest due job of each
	 * queue. A grouped scan of the whole job table: for an operator's request, not for a
	 * loop.
	 * @return the counts by queue and status
	 */
	public List<QueueCount> countByQueueAndStatus() {
		String now = this.store.dialect().now();
		// the database's time as an aggregate: a bare expression beside GROUP BY is
		// refused by some databases
		String sql = "SELECT queue, status, COUNT(*) AS job_count, MIN(CASE WHEN status = 'PENDING' AND run_at <= "
				+ now + " THEN run_at END) AS oldest_due, SUM(CASE WHEN status = 'PENDING' AND run_at <= " + now
				+ " THEN 1 ELSE 0 END) AS due_count, MAX(" + now
				+ ") AS db_now FROM taskflow_job GROUP BY queue, status" + " ORDER BY queue, status";
		SqlDialect dialect = this.store.dialect();
		return this.store.jdbc().query(sql, (rs, row) -> {
			Instant oldestDue = dialect.getTimestamp(rs, "oldest_due");
			Duration age = (oldestDue != null) ? Duration.between(oldestDue, dialect.getTimestamp(rs, "db_now")) : null;
			return new QueueCount(rs.getString("queue"), JobStatus.valueOf(rs.getString("status")),
					rs.getLong("job_count"), rs.getLong("due_count"), age);
		});
	}

	/**
	 * Delete the finished jobs ({@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED})
	 * that finished before the given time. Active jobs are never deleted.
	 * @param before the time
	 * @return the number of jobs deleted
	 */
	public int purgeFinishedBefore(Instant before) {
		return purgeFinishedBefore(before, FINISHED);
	}

	/**
	 * Delete the jobs of the given finished statuses that finished before the given time.
	 * @param before the time
	 * @param statuses finished statuses only
	 * @return the number of jobs deleted
	 * @throws IllegalArgumentException if a status is not a finished one
	 */
	public int purgeFinishedBefore(Instant before, Collection<JobStatus> statuses) {
		Assert.notNull(before, "'before' must not be null");
		Assert.notEmpty(statuses, "'statuses' must not be empty");
		// checked for all before any is purged
		List<JobRetention.Rule> rules = statuses.stream()
			.distinct()
			.map((status) -> JobRetention.Rule.of(status, before))
			.toList();
		int purged = 0;
		for (JobRetention.Rule rule : rules) {
			purged += this.retention.removeAll(rule, PURGE_CHUNK, false, (batch) -> {
			}).jobs();
		}
		return purged;
	}

	/**
	 * How many jobs of one queue have one status.
	 *
	 * @param queue the queue
	 * @param status the status
	 * @param count the number of jobs
	 * @param due for {@code PENDING}, how many of them are due; otherwise 0
	 * @param oldestDueAge for {@code PENDING}, how long the oldest due job has waited;
	 * otherwise (or with no job due) {@code null}
	 */
	public record QueueCount(String queue, JobStatus status, long count, long due, Duration oldestDueAge) {

	}

}
