package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.util.Assert;

import dev.taskflow.JobStatus;

/**
 * The reads and the clean-up that watching jobs needs (the queue list, the health
 * indicator): the database's time, counts of all jobs by queue and status, and the purge
 * of finished jobs (pages and bulk operations are {@link JobSearch} and {@link JobBulk}).
 * (The active jobs' counts and ages are {@link JobStore#queueStatistics()}, which the
 * gauges read too.)
 *
 * @author TaskFlow
 */
public final class JobQueries {

	private static final Set<JobStatus> FINISHED = EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED,
			JobStatus.CANCELLED);

	private static final int PURGE_CHUNK = 500;

	private final StoreSupport store;

	JobQueries(StoreSupport store) {
		this.store = store;
	}

	/**
	 * The database's time now.
	 * @return the time
	 */
	public Instant databaseNow() {
		return this.store.dialect().currentTime(this.store.jdbc());
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
				+ now + " THEN run_at END) AS oldest_due, MAX(" + now
				+ ") AS db_now FROM taskflow_job GROUP BY queue, status" + " ORDER BY queue, status";
		SqlDialect dialect = this.store.dialect();
		return this.store.jdbc().query(sql, (rs, row) -> {
			Instant oldestDue = dialect.getTimestamp(rs, "oldest_due");
			Duration age = (oldestDue != null) ? Duration.between(oldestDue, dialect.getTimestamp(rs, "db_now")) : null;
			return new QueueCount(rs.getString("queue"), JobStatus.valueOf(rs.getString("status")),
					rs.getLong("job_count"), age);
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
		for (JobStatus status : statuses) {
			Assert.isTrue(FINISHED.contains(status),
					() -> "Only finished jobs can be purged, not " + status + " ones: pick from " + FINISHED);
		}
		SqlDialect dialect = this.store.dialect();
		List<JobStatus> list = List.copyOf(statuses);
		String finished = "status IN (" + StoreSupport.placeholders(list.size()) + ") AND finished_at < "
				+ dialect.timestampParameter();
		String candidates = "SELECT id FROM taskflow_job WHERE " + finished + dialect.limitParameter();
		// the condition is read again: a job retried since it was chosen stays; its
		// attempts go with it (foreign key ON DELETE CASCADE)
		String delete = "DELETE FROM taskflow_job WHERE " + finished + " AND id IN (%s)";
		int purged = 0;
		while (true) {
			// in chunks of one statement each: no long transaction locks a large table
			List<UUID> ids = this.store.jdbc().query(candidates, (ps) -> {
				int index = setFinished(ps, list, before);
				ps.setInt(index, PURGE_CHUNK);
			}, (rs, row) -> dialect.getId(rs, "id"));
			if (ids.isEmpty()) {
				return purged;
			}
			purged += this.store.autoCommitted(() -> this.store.jdbc()
				.update(String.format(delete, StoreSupport.placeholders(ids.size())), (ps) -> {
					int index = setFinished(ps, list, before);
					for (UUID id : ids) {
						dialect.setId(ps, index++, id);
					}
				}));
			if (ids.size() < PURGE_CHUNK) {
				return purged;
			}
		}
	}

	private int setFinished(PreparedStatement ps, List<JobStatus> statuses, Instant before) throws SQLException {
		for (int i = 0; i < statuses.size(); i++) {
			ps.setString(i + 1, statuses.get(i).name());
		}
		this.store.dialect().setTimestamp(ps, statuses.size() + 1, before);
		return statuses.size() + 2;
	}

	/**
	 * How many jobs of one queue have one status.
	 *
	 * @param queue the queue
	 * @param status the status
	 * @param count the number of jobs
	 * @param oldestDueAge for {@code PENDING}, how long the oldest due job has waited;
	 * otherwise (or with no job due) {@code null}
	 */
	public record QueueCount(String queue, JobStatus status, long count, Duration oldestDueAge) {

	}

}
